import anyTest, { type TestFn } from 'ava'
import { build } from 'esbuild'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { createModel, ModelSpec, ParameterSpec } from '@spikegrad/core'
import { parseEquationNeuron, type EquationIssue, type EquationNeuronDefinition } from '@spikegrad/neuron-equations'
import type { Container } from 'inversify'
import { repositoryRoot } from './support/repositoryRoot.js'

// The playground's form logic in Node: its modules (apps/playground/src, which vite builds and
// tsc only type-checks) bundled by esbuild and imported here — the rules the page checks every
// field against, the form field each path of a refused specification comes from (checked
// against the issues createModel really gives), and the equations box read both ways.

/** What the test uses of the bundled modules (declared here: the app's sources are not part of this project). */
interface Playground {
  readonly fieldRules: Readonly<Record<string, Rule>>
  checkField(rule: Rule, raw: { value: string; number: number }): { ok: true; value: number } | { ok: false; message: string }
  parameterRule(p: ParameterSpec): Rule
  fieldOfPath(at: string): string | undefined
  neuronChoice(name: string): { readonly parameters: readonly ParameterSpec[] }
  taskPreset(name: string): unknown
  playgroundSpec(choice: Record<string, unknown>): ModelSpec
  playgroundContainer(): Container
  createModel: typeof createModel
  readonly defaultEquationText: string
  readEquationText(text: string): { ok: true; definition: EquationNeuronDefinition; lines: unknown } | { ok: false; problems: string[] }
  equationText(definition: EquationNeuronDefinition): string
  describeEquationIssue(issue: EquationIssue, lines: unknown): string
}
type Rule = { readonly label: string }

const test = anyTest as TestFn<{ dir: string; p: Playground }>
const root = repositoryRoot()

test.before(async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-playground-form-'))
  const src = join(root, 'apps/playground/src')
  const result = await build({
    absWorkingDir: root,
    stdin: {
      contents: ['formRules', 'equationText', 'playgroundSpec', 'presets', 'plugins'].map((m) => `export * from ${JSON.stringify(join(src, `${m}.ts`))}`).join('\n') + "\nexport { createModel } from '@spikegrad/core'",
      resolveDir: root,
      loader: 'ts',
    },
    platform: 'node',
    format: 'esm',
    bundle: true,
    write: false,
    logLevel: 'silent',
  })
  const file = join(dir, 'playground.mjs')
  writeFileSync(file, result.outputFiles[0]!.text)
  t.context = { dir, p: (await import(pathToFileURL(file).href)) as Playground }
})

test.after.always((t) => {
  if (t.context.dir !== undefined) rmSync(t.context.dir, { recursive: true, force: true })
})

const raw = (value: string) => ({ value, number: value.trim() === '' ? NaN : Number(value) })

test('playground form — each field takes what its rule says and refuses the rest in a sentence that names the field, what it got and what it takes', (t) => {
  const { checkField, fieldRules } = t.context.p
  t.deepEqual(checkField(fieldRules['neurons']!, raw('16')), { ok: true, value: 16 })
  t.deepEqual(checkField(fieldRules['neurons']!, raw('0')), { ok: false, message: 'hidden neurons must be a whole number from 1 to 200, got "0" (a browser trains a few tens of neurons in minutes)' })
  t.false(checkField(fieldRules['neurons']!, raw('2.5')).ok)
  t.false(checkField(fieldRules['neurons']!, raw('201')).ok)
  // the learning rate excludes 0, takes 1, refuses above; an empty or unreadable field says so
  t.false(checkField(fieldRules['lr']!, raw('0')).ok)
  t.true(checkField(fieldRules['lr']!, raw('1')).ok)
  t.false(checkField(fieldRules['lr']!, raw('1.5')).ok)
  t.deepEqual(checkField(fieldRules['lr']!, raw('')), { ok: false, message: "learning rate must be a number above 0 up to 1, got nothing (the field is empty or not a number) (Adam's step; 0.001–0.05 is the useful range)" })
  t.deepEqual(checkField(fieldRules['iterations']!, raw('5000')), { ok: true, value: 5000 })
  t.false(checkField(fieldRules['iterations']!, raw('5001')).ok)
  t.regex((checkField(fieldRules['workers']!, raw('0')) as { message: string }).message, /^gradient workers must be a whole number from 1 to 16, got "0" \(1 computes every gradient in the training worker itself/)
  t.true(checkField(fieldRules['seed']!, raw('4294967295')).ok)
  t.false(checkField(fieldRules['seed']!, raw('-1')).ok)
})

test("playground form — a neuron parameter's rule is the plugin's own bounds", (t) => {
  const { checkField, parameterRule, neuronChoice } = t.context.p
  const tauV = neuronChoice('qif').parameters.find((p) => p.name === 'tau_v')!
  t.deepEqual(checkField(parameterRule(tauV), raw('0')), { ok: false, message: 'tau_v (ms) must be a number from 0.001 to 1000000, got "0"' })
  t.true(checkField(parameterRule(tauV), raw('2')).ok)
})

test('playground form — every issue createModel raises for a bad form value is named by the form field it comes from', (t) => {
  const { createModel, fieldOfPath, playgroundContainer, playgroundSpec, taskPreset } = t.context.p
  const good: Record<string, unknown> = { task: taskPreset('xor'), neurons: 16, neuron: 'qif', neuronParams: { tau_v: 2 }, gate: 'raised-cosine', gateWidth: 1, tauS: 10, lr: 0.01, schedule: 'cosine', batchSize: 8, iterations: 10, seed: 1 }
  const container = playgroundContainer()
  t.is(createModel(container, playgroundSpec(good))._tag, 'Right')
  const cases: [Record<string, unknown>, string][] = [
    [{ neurons: 0 }, 'hidden neurons'],
    [{ gateWidth: -1 }, 'gate width'],
    [{ tauS: 0 }, 'tau_s (ms)'],
    [{ lr: -1 }, 'learning rate'],
    [{ iterations: 0 }, 'iterations'],
    [{ neuronParams: { tau_v: 0 } }, 'neuron model and its parameters'],
  ]
  for (const [bad, field] of cases) {
    const made = createModel(container, playgroundSpec({ ...good, ...bad }))
    if (made._tag === 'Right') {
      t.fail(`${JSON.stringify(bad)} was accepted`)
      continue
    }
    t.deepEqual(made.left.issues.map((i) => fieldOfPath(i.at)), [field], `${JSON.stringify(bad)}: ${made.left.message}`)
  }
  t.is(fieldOfPath('model.network.populations[0].neuron.options'), "the neuron's equations")
  t.is(fieldOfPath('model.solver.rtol'), undefined)
})

const lifText = 'dv/dt = (I - v) / tau_m\nthreshold: v > v_th\nreset: v = v_reset\nparameters: tau_m = 20, v_th = 1, v_reset = 0'

test("playground equations box — the LIF text reads into the plugin's definition, which the plugin accepts, and back to the same text", (t) => {
  const { readEquationText, equationText, defaultEquationText } = t.context.p
  t.is(defaultEquationText, lifText)
  const read = readEquationText(`# a comment line\n${lifText}\n`)
  if (!read.ok) return t.fail(read.problems.join('\n'))
  t.deepEqual(read.definition, { equations: ['dv/dt = (I - v) / tau_m'], threshold: 'v > v_th', reset: ['v = v_reset'], parameters: { tau_m: 20, v_th: 1, v_reset: 0 } })
  t.deepEqual(read.lines, { equations: [2], threshold: 3, reset: [4], parameters: { tau_m: 5, v_th: 5, v_reset: 5 } })
  t.is(parseEquationNeuron(read.definition)._tag, 'Right')
  t.is(equationText(read.definition), lifText)
})

test('playground equations box — a line of no known form, a malformed parameter, a second threshold and an empty box are refused by line', (t) => {
  const { readEquationText } = t.context.p
  t.deepEqual(readEquationText('dv/dt = -v\nv = 2'), { ok: false, problems: [`the neuron's equations, line 2: "v = 2" is neither an equation (dx/dt = …) nor one of threshold:, reset:, parameters:, voltage:`] })
  t.deepEqual(readEquationText('dv/dt = -v / tau\nparameters: tau = ten'), { ok: false, problems: [`the neuron's equations, line 2: parameters take "name = number", separated by commas; got "tau = ten"`] })
  t.deepEqual(readEquationText('dv/dt = -v\nthreshold: v > 1\nthreshold: v > 2'), { ok: false, problems: [`the neuron's equations, line 3: a second threshold: line (the first is line 2); keep one`] })
  t.deepEqual(readEquationText('  \n# nothing'), { ok: false, problems: [`the neuron's equations: no equation; write one dx/dt = … a line, e.g. dv/dt = (I - v) / tau_m`] })
})

test("playground equations box — the plugin's issues are told by the box's line and column", (t) => {
  const { readEquationText, describeEquationIssue } = t.context.p
  const read = readEquationText(`# LIF with a typo\n${lifText.replace('/ tau_m', '/ tau_n')}`)
  if (!read.ok) return t.fail(read.problems.join('\n'))
  const made = parseEquationNeuron(read.definition)
  if (made._tag === 'Right') return t.fail('the typo was accepted')
  t.deepEqual(
    made.left.map((i) => describeEquationIssue(i, read.lines)),
    [`the neuron's equations, line 2, column 19 of its equation: unknown name "tau_n"; did you mean "tau_m"? the names declared here are v, tau_m, v_th, v_reset, pi, I`],
  )
})
