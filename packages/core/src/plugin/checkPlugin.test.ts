import test from 'ava'
import { ContainerModule } from 'inversify'
import { bindPlugin } from './pluginCatalog.js'
import { GateFactoryToken, LossFactoryToken, NeuronFactoryToken } from './tokens.js'
import { checkPlugin, formatPluginCheck } from './checkPlugin.js'
import { toyGate, toyLoss, toyNeuron } from './check/toyPlugins.fixture.js'

test('checkPlugin — dispatches on the shape of the object, not on its kind', (t) => {
  const neuron = checkPlugin({ ...toyNeuron(), kind: 'gate' }, { stateRanges: [[-2, 2], [-1, 1]] })
  t.true(neuron.ok, formatPluginCheck(neuron))
  t.true(neuron.checks.some((c) => c.name.startsWith('vjp')))
  const gate = checkPlugin({ ...toyGate({ width: 1, center: 0 }), kind: 'loss' })
  t.true(gate.ok, formatPluginCheck(gate))
  t.true(gate.checks.some((c) => c.name.includes('integrates to 1')))
  const loss = checkPlugin({ ...toyLoss(), kind: 'neuron' })
  t.true(loss.ok, formatPluginCheck(loss))
  t.true(loss.checks.some((c) => c.name.startsWith('gradient')))
})

test('checkPlugin — something that is no plugin gives a failed report that says what is missing', (t) => {
  for (const x of [undefined, 42, {}, { rhs: () => 0 }]) {
    const report = checkPlugin(x)
    t.false(report.ok)
    t.regex(formatPluginCheck(report), /FAIL[\s\S]*needs rhs, vjp/)
  }
})

test('formatPluginCheck — one line per check, the worst case under each failure', (t) => {
  const good = toyGate({ width: 1, center: 0 })
  const text = formatPluginCheck(checkPlugin({ ...good, derivative: (v: number) => 1.1 * good.derivative(v) }))
  t.regex(text, /^gate 'toy-parabola': FAILED — \d+ of \d+ checks pass/)
  t.regex(text, /FAIL {2}derivative[^\n]*max error [^\n]*tolerance 1\.00e-6\n {8}worst: v = /)
  t.regex(text, /\n {2}ok {4}value — integrates to 1/)
})

test('checkPlugin — a factory is checked as the object it returns with its defaults (a gate factory with a zone of width 1 around 0)', (t) => {
  const neuron = checkPlugin(toyNeuron, { stateRanges: [[-2, 2], [-1, 1]] })
  t.true(neuron.ok, formatPluginCheck(neuron))
  t.regex(neuron.subject ?? '', /\(from the factory toyNeuron\)$/)
  const gate = checkPlugin(toyGate)
  t.true(gate.ok, formatPluginCheck(gate))
  const throws = checkPlugin(() => {
    throw new Error('tau must be given')
  })
  t.false(throws.ok)
  t.regex(formatPluginCheck(throws), /it threw: tau must be given; check the object it returns with your parameters instead/)
})

test('checkPlugin — a ContainerModule: every plugin it binds is built and checked, and the names it must bind are bound', (t) => {
  const module = new ContainerModule((o) => {
    bindPlugin(o.bind, NeuronFactoryToken, 'toy', toyNeuron)
    bindPlugin(o.bind, GateFactoryToken, 'toy-parabola', toyGate)
    bindPlugin(o.bind, LossFactoryToken, 'toy-loss', toyLoss)
  })
  const report = checkPlugin(module, { expectNames: ['toy', 'toy-loss'], stateRanges: [[-2, 2], [-1, 1]] })
  t.true(report.ok, formatPluginCheck(report))
  t.is(report.subject, "module binding neuron 'toy', gate 'toy-parabola', loss 'toy-loss'")
  for (const prefix of ["neuron 'toy': vjp", "gate 'toy-parabola': derivative", "loss 'toy-loss': gradient"]) {
    t.true(report.checks.some((c) => c.name.startsWith(prefix)), prefix)
  }
  const misnamed = checkPlugin(module, { expectNames: ['alif'], stateRanges: [[-2, 2], [-1, 1]] })
  t.false(misnamed.ok)
  t.regex(formatPluginCheck(misnamed), /"alif" is not bound \(it binds "toy", "toy-parabola", "toy-loss"\)/)
  const broken = new ContainerModule((o) => bindPlugin(o.bind, NeuronFactoryToken, 'bad', () => ({ ...toyNeuron(), vjp: () => undefined })))
  const bad = checkPlugin(broken, { stateRanges: [[-2, 2], [-1, 1]] })
  t.false(bad.ok)
  t.true(bad.checks.some((c) => !c.ok && c.name.startsWith("neuron 'bad': vjp")), formatPluginCheck(bad))
  const empty = checkPlugin(new ContainerModule(() => undefined))
  t.false(empty.ok)
  t.regex(formatPluginCheck(empty), /binds no neuron, gate, loss or task/)
})
