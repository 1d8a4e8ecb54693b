import type { FiredEvent, Network } from '@spikegrad/core'

/**
 * The number of spikes of a network over a solve, when it is cheap to know, summed over its
 * populations:
 * - neurons with a reset (LIF): the number of the population's reset events;
 * - reset-free neurons read through a periodic gate (theta neurons): the net number of times
 *   each voltage passed the gate's centre (θ passing π), Σ_j ⌊(v_j(T) − c)/P⌋ − ⌊(v_j(0) − c)/P⌋;
 * - anything else: undefined.
 * `y0` and `y1` are the states at the start and the end of the trial.
 */
export function spikeCount(
  network: Network,
  y0: Float64Array,
  y1: Float64Array,
  events: readonly FiredEvent[],
): number | undefined {
  let count = 0
  for (const pop of network.populations) {
    if (pop.neuron.reset !== undefined) {
      count += events.filter((e) => e.family === `reset:${pop.name}`).length
      continue
    }
    const { center, period } = pop.gate
    if (period === undefined) return undefined
    const offset = pop.stateOffset + pop.neuron.voltageIndex * pop.size
    for (let j = offset; j < offset + pop.size; j++) {
      count += Math.floor((y1[j] - center) / period) - Math.floor((y0[j] - center) / period)
    }
  }
  return count
}
