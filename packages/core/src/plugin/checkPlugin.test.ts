import test from 'ava'
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
  for (const x of [undefined, 42, {}, toyNeuron]) {
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
