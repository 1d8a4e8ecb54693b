import { patternCoordinates } from './connectivityPattern.js'
import type { Network } from './network.js'

/**
 * The name of state component `i` of a network in its own terms: `v of neuron 3 of population
 * "hidden"`, `the synaptic trace of neuron 3 of population "hidden"`, `the trace of channel 1 of
 * input "spikes"` (the layout of `NetworkLayout`: each population's variables, variable-major,
 * then the traces). For solver messages; not on any hot path.
 */
export function stateComponentName(net: Network, i: number): string | undefined {
  for (const pop of net.populations) {
    const m = pop.neuron.stateNames.length
    const N = pop.size
    if (i >= pop.stateOffset && i < pop.stateOffset + m * N) {
      const k = i - pop.stateOffset
      return `${pop.neuron.stateNames[Math.floor(k / N)]} of neuron ${k % N} of population "${pop.name}"`
    }
    if (i >= pop.traceOffset && i < pop.traceOffset + N) return `the synaptic trace of neuron ${i - pop.traceOffset} of population "${pop.name}"`
  }
  for (const input of net.inputs) {
    if (input.traceOffset >= 0 && i >= input.traceOffset && i < input.traceOffset + input.size) return `the trace of channel ${i - input.traceOffset} of input "${input.name}"`
  }
  return undefined
}

/**
 * The name of parameter `k` of θ as its block and entry: `hidden<-hidden[2][3]` (row = the
 * target neuron, column = the source), `bias:hidden[4]`, `readout<-hidden[0][7]`, or the name
 * of a one-entry block (`tauS:hidden`).
 */
export function parameterName(net: Network, k: number): string | undefined {
  const block = net.layout.blocks.find((b) => k >= b.offset && k < b.offset + b.length)
  if (block === undefined) return undefined
  const e = k - block.offset
  switch (block.kind) {
    case 'projection': {
      const pr = net.projections.find((p) => p.offset === block.offset)
      if (pr === undefined) return `${block.name}[${e}]`
      if (pr.pattern.kind === 'dense') return `${block.name}[${Math.floor(e / pr.pattern.cols)}][${e % pr.pattern.cols}]`
      const { row, col } = patternCoordinates(pr.pattern)
      return `${block.name}[${row[e]}][${col[e]}]`
    }
    case 'readout': {
      const cols = block.length / Math.max(net.readout.size, 1)
      return `${block.name}[${Math.floor(e / cols)}][${e % cols}]`
    }
    case 'bias':
      return `${block.name}[${e}]`
    default:
      return block.perNeuron === true ? `${block.name}[${e}]` : block.name
  }
}
