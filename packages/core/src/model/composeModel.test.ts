import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Container, ContainerModule } from 'inversify'
import { toyGate, toyLoss, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import type { NeuronFactory } from '../plugin/neuron.js'
import { bindPlugin } from '../plugin/pluginCatalog.js'
import type { GateFactory } from '../plugin/synapseGate.js'
import type { Task, TaskFactory } from '../plugin/task.js'
import { GateFactoryToken, NeuronFactoryToken, TaskFactoryToken } from '../plugin/tokens.js'
import { composeModel } from './composeModel.js'
import { SPEC_FORMAT, type ModelSpec } from './modelSpec.js'

const task: Task = {
  kind: 'toy',
  inputSize: 1,
  outputSize: 1,
  trial: () => ({ duration: 5, input: (_t, out) => void out.fill(0.5), target: (_t, out) => ((out[0] = 0), 1) }),
  losses: [toyLoss(0, 0)],
  score: () => ({ error: 0 }),
  primaryScore: 'error',
  higherIsBetter: false,
}

/** Factories that refuse a parameter `bad` by throwing, as plugin factories do. */
const refusing = (what: string) => (params?: Readonly<Record<string, unknown>>) => {
  if (params?.bad !== undefined) throw new RangeError(`${what}: bad must not be given (got ${params.bad})`)
}
const container = (): Container => {
  const c = new Container()
  c.load(
    new ContainerModule(({ bind }) => {
      bindPlugin<TaskFactory>(bind, TaskFactoryToken, 'toy', (params) => (refusing('toy task')(params), task))
      bindPlugin<NeuronFactory>(bind, NeuronFactoryToken, 'toy', (params) => (refusing('toy neuron')(params), toyNeuron()))
      bindPlugin<GateFactory>(bind, GateFactoryToken, 'toy', (zone) => toyGate(zone))
    }),
  )
  return c
}
const spec = (taskParams: Record<string, number> = {}, neuronParams: Record<string, number> = {}): ModelSpec => ({
  format: SPEC_FORMAT,
  plugins: [],
  task: { name: 'toy', params: taskParams },
  network: { populations: [{ name: 'hidden', size: 2, neuron: { name: 'toy', params: neuronParams }, gate: { name: 'toy', width: 0.4, center: 1 }, tauS: 4 }], readout: { from: ['hidden'] } },
  seed: 1,
})

test('compose model — a plugin factory that throws on its parameters arrives as an issue at its field, coded plugin-rejected, in the plugin\'s own words', (t) => {
  t.true(isRight(composeModel(container(), spec())), 'the control: the factories accept no parameters')
  const byTask = composeModel(container(), spec({ bad: 1 }))
  if (!isLeft(byTask)) return t.fail('a task factory that threw was accepted')
  t.deepEqual(byTask.left.issues, [{ at: 'model.task', problem: 'toy task: bad must not be given (got 1)', code: 'plugin-rejected' }])
  const byNeuron = composeModel(container(), spec({}, { bad: 2 }))
  if (!isLeft(byNeuron)) return t.fail('a neuron factory that threw was accepted')
  t.deepEqual(byNeuron.left.issues, [
    { at: 'model.network.populations[0].neuron', problem: 'toy neuron: bad must not be given (got 2)', code: 'plugin-rejected' },
  ])
})
