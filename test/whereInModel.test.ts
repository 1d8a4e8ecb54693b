import test from 'ava'
import { adjointGradient, type ComposedNetwork, networkProblem, parameterName, stateComponentName } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

async function example(kind: string): Promise<ComposedNetwork> {
  const r = await loadNetworkConfig(join(repositoryRoot(), 'examples', `${kind}.json`))
  if (!isRight(r)) throw new Error(r.left.message)
  return r.right
}

test('names in the model — a state component is a variable of a neuron of a population, or a trace', async (t) => {
  const { network } = await example('lif-poly-bump')
  const pop = network.populations[0]!
  t.is(stateComponentName(network, pop.stateOffset + 3), `${pop.neuron.stateNames[0]} of neuron 3 of population "hidden"`)
  t.is(stateComponentName(network, pop.traceOffset + 9), 'the synaptic trace of neuron 9 of population "hidden"')
  t.is(stateComponentName(network, network.layout.stateSize), undefined)
})

test('names in the model — a parameter is its block and entry, also in a sparse projection', async (t) => {
  for (const kind of ['lif-poly-bump', 'sparse-qif']) {
    const { network } = await example(kind)
    for (const block of network.layout.blocks) {
      const last = parameterName(network, block.offset + block.length - 1)!
      t.true(last.startsWith(block.name), `${kind}: ${last} in ${block.name}`)
      if (block.kind === 'projection' || block.kind === 'readout') t.regex(last, /\[\d+\]\[\d+\]$/)
    }
  }
  const { network } = await example('lif-poly-bump')
  const block = network.layout.blocks.find((b) => b.name === 'hidden<-hidden')!
  t.is(parameterName(network, block.offset + 2 * 10 + 3), 'hidden<-hidden[2][3]')
})

test('names in the model — a non-finite weight or initial state is reported by its block entry or neuron variable, not only its index', async (t) => {
  const composed = await example('lif-poly-bump')
  const problem = networkProblem(composed.network, composed.trial)
  const block = composed.network.layout.blocks.find((b) => b.name === 'hidden<-hidden')!
  const k = block.offset + 2 * 10 + 3
  const theta = Float64Array.from(composed.initialValue.theta)
  theta[k] = Number.NaN
  const bad = adjointGradient(problem, { ...composed.initialValue, theta }, composed.solve)
  t.true(isLeft(bad) && bad.left.message === `invalid problem: theta[${k}] (hidden<-hidden[2][3]) must be finite, got NaN`, JSON.stringify(bad))
  const y0 = Float64Array.from(composed.initialValue.y0)
  y0[composed.network.populations[0]!.stateOffset + 4] = Number.POSITIVE_INFINITY
  const badState = adjointGradient(problem, { ...composed.initialValue, y0 }, composed.solve)
  t.true(isLeft(badState) && /^invalid problem: y0\[4\] \(\w+ of neuron 4 of population "hidden"\) must be finite/.test(badState.left.message), JSON.stringify(badState))
})
