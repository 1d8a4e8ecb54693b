import type { PluginNames } from './pluginNames.js'

/**
 * The source files of a neuron plugin written as equations (`new-plugin neuron <name>
 * --equations`), by path: the definition and the one line that makes it a plugin
 * (`equationPlugin`, which derives and compiles every derivative), the index, and a test that
 * runs `checkPlugin` on the module. As scaffolded, an adaptive leaky integrate-and-fire neuron.
 */
export function equationNeuronFiles(n: PluginNames): Readonly<Record<string, string>> {
  const definition = `${n.camel}Definition`
  return {
    'src/index.ts': `export { ${definition}, ${n.factory}, ${n.module} } from './${n.factory}.js'\n`,
    [`src/${n.factory}.ts`]: `import { equationPlugin, type EquationNeuronDefinition } from '@spikegrad/neuron-equations'

/**
 * The '${n.name}' neuron, written as its equations (t in ms). As scaffolded, an adaptive leaky
 * integrate-and-fire neuron — edit the equations:
 *
 *     tau_m dv/dt = -v - w + I          tau_w dw/dt = a v - w
 *     when v rises through v_th:        v ← v_reset,  w ← w + b
 *
 * Every derivative the adjoint needs (∂f/∂x, ∂f/∂I, ∂f/∂p, the threshold's and the reset's) is
 * derived from these strings and compiled; none is written by hand, and the text is never run
 * as code. The language: numbers, the variables, the parameters, the input current I, pi,
 * + - * / ^, parentheses, exp log sqrt sin cos tanh.
 */
export const ${definition}: EquationNeuronDefinition = {
  equations: ['dv/dt = (-v - w + I) / tau_m', 'dw/dt = (a*v - w) / tau_w'],
  threshold: 'v > v_th',
  reset: ['v = v_reset', 'w += b'],
  parameters: {
    tau_m: { value: 10, unit: 'ms', description: 'membrane time constant', min: 1e-3 },
    tau_w: { value: 50, unit: 'ms', description: 'adaptation time constant', min: 1e-3 },
    a: { value: 0.5, description: 'coupling of the adaptation current to v' },
    b: { value: 0.2, description: 'jump of w at a spike' },
    v_th: { value: 1, description: 'threshold: v rising through it is a spike' },
    v_reset: { value: 0, description: 'the value v jumps to at a spike' },
  },
  voltage: 'v',
}

/**
 * \`${n.factory}(params?)\` makes the neuron (params override the declared values by name);
 * \`${n.module}\` binds it under the name '${n.name}'. The definition is checked here, when the
 * package is loaded: a wrong equation fails this package's own test, naming its column.
 */
export const { factory: ${n.factory}, module: ${n.module} } = equationPlugin('${n.name}', ${definition})
`,
    [`src/${n.factory}.test.ts`]: `import test from 'ava'
import { checkPlugin, formatPluginCheck } from '@spikegrad/core'
import { describeDerivatives } from '@spikegrad/neuron-equations'
import { ${definition}, ${n.factory}, ${n.module} } from './index.js'

test('${n.module} — binds the neuron "${n.name}", whose derived derivatives pass every check (each against central differences)', (t) => {
  const report = checkPlugin(${n.module}, { expectNames: ['${n.name}'], stateRanges: [[-1, 2], [-1, 1]], currentRange: [-2, 3] })
  t.true(report.ok, formatPluginCheck(report))
  t.true(report.checks.length > 2, formatPluginCheck(report))
})

test('${n.factory} — is named "${n.name}", has one state variable per equation, and its parameters can be set', (t) => {
  const neuron = ${n.factory}({ tau_m: 20 })
  t.is(neuron.kind, '${n.name}')
  t.is(neuron.stateNames.length, ${definition}.equations.length)
  t.is(neuron.defaults[neuron.parameters.findIndex((p) => p.name === 'tau_m')], 20)
  const lines = describeDerivatives(${definition})
  t.true(lines._tag === 'Right' && lines.right.length > 0, 'the derivatives are derived')
})
`,
  }
}
