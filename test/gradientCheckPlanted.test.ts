import test from 'ava'
import { adjointGradient, bindPlugin, compareWithFiniteDifferences, composeNetworkConfig, decodeNetworkConfig, finiteDifferenceEstimate, getOrThrow, networkProblem, NeuronFactoryToken, type ComposedNetwork, type Neuron, type NeuronFactory } from '@spikegrad/core'
import { GatesModule } from '@spikegrad/gates'
import { LossesModule } from '@spikegrad/losses'
import { qifNeuron } from '@spikegrad/neuron-qif'
import { isRight } from 'fp-ts/lib/Either.js'
import { Container, ContainerModule } from 'inversify'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

const config = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', 'qif-raised-cosine.json'), 'utf8')) as unknown

/** The theta neuron with its vjp's ∂f/∂I scaled by (1 + error): a VJP wrong by that relative error. */
function plantedQif(error: number): NeuronFactory {
  return (params) => {
    const right: Neuron = qifNeuron(params)
    return {
      ...right,
      vjp(p, N, x, I, lam, outX, outI) {
        right.vjp(p, N, x, I, lam, outX, outI)
        for (let j = 0; j < N; j++) outI[j] = outI[j]! * (1 + error)
      },
    }
  }
}

/** examples/qif-raised-cosine.json composed with the theta neuron of `neuron`. */
function compose(neuron: NeuronFactory): ComposedNetwork {
  const container = new Container()
  container.load(GatesModule, LossesModule, new ContainerModule(({ bind }) => bindPlugin(bind, NeuronFactoryToken, 'qif', neuron)))
  const decoded = decodeNetworkConfig(config, 'config')
  if (!isRight(decoded)) throw new Error(decoded.left.message)
  return getOrThrow(composeNetworkConfig(container, decoded.right))
}

const right = compose(plantedQif(0))
const wrong = compose(plantedQif(1e-4))
const problem = networkProblem(right.network, right.trial)
const W = right.network.layout.blocks.find((b) => b.name === 'hidden<-hidden')!
/** W[4][0], from neuron 0 to neuron 4 (rows of 10), where an earlier oracle reported 6e-5 for a converged adjoint. */
const w40 = W.offset + 4 * 10 + 0

test('gradient check — qif-raised-cosine W[4][0] (hidden<-hidden row 4, column 0): the converged adjoint agrees to 1e-6 of the block, resolved, and a VJP wrong by 1e-4 is caught there', (t) => {
  const good = getOrThrow(adjointGradient(problem, right.initialValue, right.solve))
  const bad = getOrThrow(adjointGradient(networkProblem(wrong.network, wrong.trial), wrong.initialValue, wrong.solve))
  // the planted error moves the entry by about 5e-6, some 3e-5 of the block's largest entry: over
  // three times the tolerance (1e-5), and three hundred times the oracle's uncertainty there
  const fd = getOrThrow(finiteDifferenceEstimate(problem, right.initialValue, { indices: [w40] }))
  const scale = Math.max(...Array.from(good.gradient.subarray(W.offset, W.offset + W.length), Math.abs))
  const u = fd.uncertainty[w40]!
  t.log(`W[4][0]: adjoint ${good.gradient[w40]}, finite differences ${fd.value[w40]} ± ${u.toExponential(1)}, planted ${bad.gradient[w40]} (block scale ${scale.toExponential(2)})`)
  t.true(u < 1e-6 * scale, `the oracle resolves W[4][0]: uncertainty ${u} of block scale ${scale}`)

  const ok = compareWithFiniteDifferences(problem, good.loss, good.gradient, fd).blocks['hidden<-hidden']!
  t.is(ok.checked, 1)
  t.is(ok.disagreements, 0)
  t.deepEqual(ok.unresolved, [])
  t.true(ok.maxRelativeError < 1e-6, `${ok.maxRelativeError}`)

  const caught = compareWithFiniteDifferences(problem, bad.loss, bad.gradient, fd)
  const c = caught.blocks['hidden<-hidden']!
  t.false(caught.ok)
  t.is(c.disagreements, 1, 'an adjoint error, not "finite differences unreliable here"')
  t.deepEqual(c.unresolved, [])
  t.is(c.worstIndex, 4 * 10 + 0)
  t.true(c.maxRelativeError > 1e-5, `${c.maxRelativeError}`)
})

test('gradient check — an entry off by 1e-4 of its block is a disagreement; off by less than the oracle\'s uncertainty it is unresolved, never an error', (t) => {
  const good = getOrThrow(adjointGradient(problem, right.initialValue, right.solve))
  const fd = getOrThrow(finiteDifferenceEstimate(problem, right.initialValue, { indices: [w40] }))
  const scale = Math.max(...Array.from(good.gradient.subarray(W.offset, W.offset + W.length), Math.abs))
  const off = Float64Array.from(good.gradient)
  off[w40] = off[w40]! + 1e-4 * scale
  const planted = compareWithFiniteDifferences(problem, good.loss, off, fd).blocks['hidden<-hidden']!
  t.is(planted.disagreements, 1)
  t.true(Math.abs(planted.maxRelativeError - 1e-4) < 1e-5, `${planted.maxRelativeError}`)
  // an oracle as unsure as the error: the check says it cannot tell
  const unsure = { value: fd.value, uncertainty: Float64Array.from(fd.uncertainty, (u, i) => (i === w40 ? 1e-4 * scale : u)) }
  const unresolved = compareWithFiniteDifferences(problem, good.loss, off, unsure).blocks['hidden<-hidden']!
  t.is(unresolved.disagreements, 0)
  t.deepEqual(unresolved.unresolved, [4 * 10 + 0])
})
