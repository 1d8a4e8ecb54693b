import test from 'ava'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Container, ContainerModule } from 'inversify'
import { composeNetworkSpec } from '../model/composeNetwork.js'
import { decodeModelSpec, SPEC_FORMAT } from '../model/modelSpec.js'
import { modelSpecSchema } from '../model/jsonSchema.js'
import { toyGate, toyNeuron } from '../plugin/check/toyPlugins.fixture.js'
import type { NeuronFactory } from '../plugin/neuron.js'
import { bindPlugin } from '../plugin/pluginCatalog.js'
import { PluginRefusal, refusalIssues } from '../plugin/pluginRefusal.js'
import type { GateFactory } from '../plugin/synapseGate.js'
import { GateFactoryToken, NeuronFactoryToken } from '../plugin/tokens.js'
import { formatIssue } from '../util/invalid.js'
import type { NetworkDescription } from './networkDescription.js'
import { EQUATION_NEURON_PACKAGE, isEquationNeuronRef, neuronPlugin, NeuronRefCodec, withImpliedPlugins } from './neuronRef.js'

const lifShorthand = { equations: ['dv/dt = (I - v) / tau_m'], threshold: 'v > v_th', reset: ['v = 0'], parameters: { tau_m: 10, v_th: 1 }, voltage: 'v' }
const spec = (neuron: unknown, plugins: string[] = ['@spikegrad/gates']) => ({
  format: SPEC_FORMAT,
  plugins,
  task: { name: 'xor' },
  network: { populations: [{ name: 'hidden', size: 2, neuron, gate: { name: 'box', width: 0.1 }, tauS: 5 }], readout: { from: ['hidden'] } },
  seed: 1,
})
const messages = (value: unknown): string[] => {
  const decoded = decodeModelSpec(value)
  return isLeft(decoded) ? decoded.left.issues.map(formatIssue) : []
}

test('neuron reference — a neuron written as equations is read as written, and names the plugin "equations" with its fields as the options', (t) => {
  const decoded = decodeModelSpec(spec(lifShorthand))
  if (!isRight(decoded)) return t.fail(messages(spec(lifShorthand)).join('\n'))
  const neuron = decoded.right.network.populations[0]!.neuron
  t.deepEqual(neuron, lifShorthand, 'kept as written, so that a model file saves it so')
  t.true(isEquationNeuronRef(neuron))
  t.deepEqual(neuronPlugin(neuron), { name: 'equations', options: lifShorthand, optionsAt: '' })
  t.deepEqual(neuronPlugin({ name: 'lif', params: { tau_m: 3 } }), { name: 'lif', params: { tau_m: 3 }, optionsAt: 'options' })
  t.false(isEquationNeuronRef({ name: 'equations', options: lifShorthand }))
})

test('neuron reference — the package of equation neurons joins the plugins of a specification that writes a neuron as equations, once', (t) => {
  const decoded = decodeModelSpec(spec(lifShorthand))
  t.deepEqual(isRight(decoded) && decoded.right.plugins, ['@spikegrad/gates', EQUATION_NEURON_PACKAGE])
  const listed = decodeModelSpec(spec(lifShorthand, [EQUATION_NEURON_PACKAGE]))
  t.deepEqual(isRight(listed) && listed.right.plugins, [EQUATION_NEURON_PACKAGE])
  const plain = decodeModelSpec(spec({ name: 'lif' }))
  t.deepEqual(isRight(plain) && plain.right.plugins, ['@spikegrad/gates'], 'a plugin by name adds nothing')
  t.deepEqual(withImpliedPlugins([], [{ neuron: { name: 'equations', options: {} } }]), [], 'the plugin form names its package in plugins itself')
})

test('neuron reference — wrong shapes are refused at the neuron\'s path with the fix, and a misspelled field of the shorthand is named', (t) => {
  const at = 'model.network.populations[0].neuron'
  t.deepEqual(messages(spec({ ...lifShorthand, name: 'equations' })), [
    `${at}: has both "name" and "equations": a neuron written as equations has no name; drop "name", or write { "name": "equations", "options": { "equations": … } }`,
  ])
  t.deepEqual(messages(spec({ equations: lifShorthand.equations, treshold: 'v > 1' })), [`${at}.treshold: unknown field; did you mean "threshold"?`])
  t.deepEqual(messages(spec({ ...lifShorthand, params: { tau_m: 2 } })), [`${at}.params: unknown field; known fields: equations, threshold, reset, parameters, voltage, gate, initial`])
  t.deepEqual(messages(spec({ nme: 'lif' })), [`${at}.name: expected a string, got nothing (the field is missing)`, `${at}.nme: unknown field; did you mean "name"?`])
  t.regex(messages(spec('lif')).join('\n'), /^model\.network\.populations\[0\]\.neuron: expected a neuron .* got "lif"$/)
  t.deepEqual(messages(spec({ name: 'lif', equations: [] })).length, 1)
})

test('neuron reference — the JSON schema offers both forms', (t) => {
  const text = JSON.stringify(modelSpecSchema())
  t.true(text.includes('"required":["equations"]'), 'the shorthand requires its equations')
  t.true(NeuronRefCodec.is(lifShorthand) && NeuronRefCodec.is({ name: 'lif' }))
  t.false(NeuronRefCodec.is({ ...lifShorthand, name: 'lif' }))
})

/** A container whose neuron plugin "equations" refuses, field by field, options that hold `bad`. */
const refusingContainer = (): Container => {
  const c = new Container()
  const factory: NeuronFactory = (_params, options) => {
    const o = options as { equations?: unknown } | undefined
    if (Array.isArray(o?.equations) && o.equations.includes('bad')) {
      throw new PluginRefusal([
        { at: `options.equations[${o.equations.indexOf('bad')}]`, problem: 'unknown name "bad" at column 1', fix: 'declare it in parameters' },
        { at: 'options', problem: 'is incomplete' },
      ])
    }
    return toyNeuron()
  }
  c.load(
    new ContainerModule(({ bind }) => {
      bindPlugin<NeuronFactory>(bind, NeuronFactoryToken, 'equations', factory)
      bindPlugin<GateFactory>(bind, GateFactoryToken, 'toy', (zone) => toyGate(zone))
    }),
  )
  return c
}
const network = (neuron: NetworkDescription['populations'][number]['neuron']): NetworkDescription => ({
  populations: [
    { name: 'a', size: 1, neuron: { name: 'equations', options: { equations: ['ok'] } }, gate: { name: 'toy', width: 0.4, center: 1 }, tauS: 4 },
    { name: 'b', size: 1, neuron, gate: { name: 'toy', width: 0.4, center: 1 }, tauS: 4 },
  ],
  readout: { size: 1, from: ['a'] },
})

test('compose — a factory\'s refusal field by field lands at each field: under "options" for the plugin form, at the neuron\'s own fields for the shorthand', (t) => {
  const shorthand = composeNetworkSpec(refusingContainer(), network({ equations: ['ok', 'bad'] }), 'config')
  if (!isLeft(shorthand)) return t.fail('refused options were accepted')
  t.deepEqual(shorthand.left.issues.map(formatIssue), ['config.populations[1].neuron.equations[1]: unknown name "bad" at column 1; declare it in parameters', 'config.populations[1].neuron: is incomplete'])
  t.true(shorthand.left.issues.every((i) => i.code === 'plugin-rejected'))
  const pluginForm = composeNetworkSpec(refusingContainer(), network({ name: 'equations', options: { equations: ['bad'] } }), 'config')
  if (!isLeft(pluginForm)) return t.fail('refused options were accepted')
  t.deepEqual(pluginForm.left.issues.map(formatIssue), ['config.populations[1].neuron.options.equations[0]: unknown name "bad" at column 1; declare it in parameters', 'config.populations[1].neuron.options: is incomplete'])
  t.true(isRight(composeNetworkSpec(refusingContainer(), network({ equations: ['ok'] }), 'config')), 'the control: the shorthand composes')
})

test('refusal — its issues are read from any error that carries a list of { at, problem }, and from nothing else', (t) => {
  const issues = [{ at: 'params.x', problem: 'is wrong' }]
  t.deepEqual(refusalIssues(new PluginRefusal(issues)), issues)
  t.is(new PluginRefusal(issues).message, 'params.x: is wrong')
  t.deepEqual(refusalIssues(Object.assign(new Error('x'), { issues })), issues, 'another copy of core agrees')
  for (const other of [new Error('x'), 'x', null, { issues: [] }, { issues: [{ at: 1, problem: 'p' }] }, { issues: 'no' }]) t.is(refusalIssues(other), undefined)
})
