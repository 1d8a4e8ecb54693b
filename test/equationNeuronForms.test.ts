import test from 'ava'
import { adjointGradient, evaluate, formatIssue, getOrThrow, networkProblem, SPEC_FORMAT, type ComposedNetwork } from '@spikegrad/core'
import { lifEquations } from '@spikegrad/neuron-equations'
import { createModelFromJson, loadModel, loadNetworkConfig, saveModel, train } from '@spikegrad/node'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'
import { reducedXor, trainingSolver } from './support/trainingSpecs.js'

// A neuron written in a configuration or a model file as `"neuron": { "equations": [...], ... }`
// (the shorthand), against the plugin form `{ "name": "equations", "options": { ... } }`.

const scratch = (): string => mkdtempSync(join(tmpdir(), 'spikegrad-equation-forms-'))
const example = (name: string) => JSON.parse(readFileSync(join(repositoryRoot(), 'examples', `${name}.json`), 'utf8'))
const lif = () => JSON.parse(JSON.stringify(lifEquations)) as Record<string, unknown>
const bits = (x: Float64Array): string => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')

async function loadConfig(config: unknown): Promise<ReturnType<typeof loadNetworkConfig>> {
  const path = join(scratch(), 'net.json')
  writeFileSync(path, JSON.stringify(config))
  return loadNetworkConfig(path)
}
const gradientOf = (c: ComposedNetwork) => getOrThrow(adjointGradient(networkProblem(c.network, c.trial), c.initialValue, c.solve))

test('a configuration — the shorthand and the plugin form of the same neuron are the same network: the same loss and gradient, bit for bit, and the same as the hand-written LIF', async (t) => {
  const base = example('lif-poly-bump')
  const shorthand = await loadConfig({ ...base, plugins: ['@spikegrad/gates', '@spikegrad/losses'], populations: [{ ...base.populations[0], neuron: lif() }] })
  const pluginForm = await loadConfig({
    ...base,
    plugins: ['@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses'],
    populations: [{ ...base.populations[0], neuron: { name: 'equations', options: lif() } }],
  })
  const handWritten = await loadConfig(base)
  if (!isRight(shorthand) || !isRight(pluginForm) || !isRight(handWritten)) return t.fail([shorthand, pluginForm, handWritten].map((r) => (isLeft(r) ? r.left.message : 'ok')).join('\n'))
  t.is(shorthand.right.network.populations[0]!.neuron.kind, 'equations', 'its package was loaded though "plugins" does not name it')
  const a = gradientOf(shorthand.right)
  const b = gradientOf(pluginForm.right)
  const c = gradientOf(handWritten.right)
  t.true(a.events.length >= 10, `${a.events.length} events`)
  t.is(a.loss, b.loss)
  t.is(bits(a.gradient), bits(b.gradient))
  t.is(a.loss, c.loss, 'the equations reproduce the hand-written plugin\'s loss')
})

test('a configuration — a mistake in a neuron written as equations is an issue at its field: the population, the equation, the column and the fix', async (t) => {
  const base = example('feedforward-lif')
  const wrong = { equations: ['dv/dt = (I - vth) / tau_m'], threshold: 'v > v_th', reset: ['v = v_reset'], parameters: { tau_m: 10, v_th: 1, v_reset: 0 } }
  const populations = [base.populations[0], { ...base.populations[1], neuron: wrong }]
  const refused = await loadConfig({ ...base, populations })
  if (!isLeft(refused)) return t.fail('a wrong equation was accepted')
  t.deepEqual(refused.left.issues.map(formatIssue), [
    'config.populations[1].neuron.equations[0]: unknown name "vth" at column 14; did you mean "v_th"? the names declared here are v, tau_m, v_th, v_reset, pi, I',
  ])
  t.is(refused.left.issues[0]!.code, 'plugin-rejected')
  const cases: readonly (readonly [Record<string, unknown>, string])[] = [
    [{ ...wrong, equations: ['dv/dt = (I - v) / tau_m +'] }, 'config.populations[1].neuron.equations[0]: expected a number, a name or "(", found the end at column 26'],
    [{ ...wrong, equations: ['dv/dt = abs(I - v) / tau_m'] }, 'config.populations[1].neuron.equations[0]: abs is refused: it has no derivative at every point, and the adjoint needs one at column 9'],
    [{ ...wrong, equations: ['dv/dt = (I - v) / tau_m'], threshold: 'v > I' }, 'config.populations[1].neuron.threshold: the input current I is not available in a threshold at column 5; only the equations read I'],
    [{ ...wrong, equations: ['dv/dt = (I - v) / tau_m'], reset: ['v_th = 0'] }, 'config.populations[1].neuron.reset[0]: v_th is a parameter; a reset assigns state variables at column 1; the state variables are v'],
    [{ ...wrong, equations: 'dv/dt = (I - v) / tau_m' }, 'config.populations[1].neuron.equations: must be a list of strings, got string'],
    [{ ...wrong, equations: ['dv/dt = (I - v) / tau_m'], parameters: { tau_m: 'ten', v_th: 1, v_reset: 0 } }, 'config.populations[1].neuron.parameters.tau_m: must be a finite number or { "value": …, "unit": … }, got string'],
    [{ ...wrong, equations: ['dv/dt = (I - v) / tau_m'], treshold: 'v > v_th' }, 'config.populations[1].neuron.treshold: unknown field; did you mean "threshold"?'],
    [{ ...wrong, name: 'lif' }, 'config.populations[1].neuron: has both "name" and "equations": a neuron written as equations has no name; drop "name", or write { "name": "equations", "options": { "equations": … } }'],
  ]
  for (const [neuron, expected] of cases) {
    const r = await loadConfig({ ...base, populations: [base.populations[0], { ...base.populations[1], neuron }] })
    t.true(isLeft(r) && r.left.issues.map(formatIssue).some((line) => line.startsWith(expected)), `${JSON.stringify(neuron)}:\n${isLeft(r) ? r.left.message : 'accepted'}`)
  }
})

test('a configuration — the plugin form reports the same mistakes under "options"', async (t) => {
  const base = example('lif-poly-bump')
  const options = { ...lif(), equations: ['dv/dt = (I - vth) / tau_m'] }
  const r = await loadConfig({ ...base, plugins: ['@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses'], populations: [{ ...base.populations[0], neuron: { name: 'equations', options } }] })
  if (!isLeft(r)) return t.fail('a wrong equation was accepted')
  t.deepEqual(r.left.issues.map(formatIssue), [
    'config.populations[0].neuron.options.equations[0]: unknown name "vth" at column 14; did you mean "v_th"? the names declared here are v, tau_m, v_th, v_reset, pi, I',
  ])
})

test('a model file — a model whose neuron is written as equations is trained, saved with its equations as written, loaded, and evaluates to the same loss, bit for bit', async (t) => {
  const dir = scratch()
  const spec = {
    format: SPEC_FORMAT,
    plugins: ['@spikegrad/gates', '@spikegrad/losses', '@spikegrad/task-xor'],
    task: reducedXor,
    network: {
      populations: [{ name: 'hidden', size: 6, neuron: { ...lif(), parameters: { tau_m: 10, v_th: 1, v_reset: 0 } }, gate: { name: 'poly-bump', width: 0.2 }, tauS: 10, train: { params: ['tau_m'] }, biasInit: { kind: 'uniform', min: 1.1, max: 1.6 } }],
      projections: [{ from: 'input', to: 'hidden' }, { from: 'hidden', to: 'hidden' }],
      readout: { from: ['hidden'] },
    },
    seed: 5,
    solver: trainingSolver,
    training: { batchSize: 2, schedule: { kind: 'constant', lr: 0.05 } },
  }
  const fresh = await createModelFromJson(spec, repositoryRoot())
  if (!isRight(fresh)) return t.fail(fresh.left.message)
  const initial = bits(fresh.right.theta)
  const trained = await train(fresh.right, { iterations: 2 })
  if (!isRight(trained)) return t.fail(trained.left.message)
  t.is(trained.right.iteration, 2)
  t.not(bits(trained.right.theta), initial, 'training moved the weights')
  t.true(trained.right.history.iterations.every((i) => i.gradientNorm > 0), 'the neurons spike, so the loss has a gradient')
  const path = join(dir, 'model.json')
  t.true(isRight(saveModel(path, trained.right)))
  const file = JSON.parse(readFileSync(path, 'utf8'))
  t.deepEqual(file.spec.network.populations[0].neuron, spec.network.populations[0]!.neuron, 'the file keeps the neuron as it was written')
  t.true(file.spec.plugins.includes('@spikegrad/neuron-equations'), 'and names the package that reads it')
  t.true('tau_m:hidden' in file.weights, 'the trained parameter is among the weights')
  const loaded = await loadModel(path)
  if (!isRight(loaded)) return t.fail(loaded.left.message)
  t.is(bits(loaded.right.theta), bits(trained.right.theta))
  const before = evaluate(trained.right, { trials: 2 })
  const after = evaluate(loaded.right, { trials: 2 })
  if (!isRight(before) || !isRight(after)) return t.fail('evaluation failed')
  t.true(Number.isFinite(before.right.loss))
  t.is(after.right.loss, before.right.loss)
  t.deepEqual(after.right.scores, before.right.scores)
})

test('a model file — a wrong equation in a saved model is refused at its field in the file, naming the file', async (t) => {
  const dir = scratch()
  const fresh = await createModelFromJson(
    {
      format: SPEC_FORMAT,
      plugins: ['@spikegrad/gates', '@spikegrad/task-xor'],
      task: reducedXor,
      network: { populations: [{ name: 'hidden', size: 3, neuron: lif(), gate: { name: 'poly-bump', width: 0.2 }, tauS: 10 }], projections: [{ from: 'input', to: 'hidden' }], readout: { from: ['hidden'] } },
      seed: 1,
    },
    repositoryRoot(),
  )
  if (!isRight(fresh)) return t.fail(fresh.left.message)
  const path = join(dir, 'model.json')
  t.true(isRight(saveModel(path, fresh.right)))
  const file = JSON.parse(readFileSync(path, 'utf8'))
  file.spec.network.populations[0].neuron.reset = ['v = v_rst']
  writeFileSync(path, JSON.stringify(file))
  const loaded = await loadModel(path)
  if (!isLeft(loaded)) return t.fail('a wrong reset was accepted')
  t.deepEqual(loaded.left.issues.map(formatIssue), [
    `${path}: model.spec.network.populations[0].neuron.reset[0]: unknown name "v_rst" at column 5; did you mean "v_reset"? the names declared here are v, tau_m, v_th, v_reset, pi`,
  ])
})

test('the docs — the neuron of the JSON in docs/equation-neurons.md is the one of examples/adex-equations.json, and the README\'s composes', async (t) => {
  const guide = readFileSync(join(repositoryRoot(), 'docs', 'equation-neurons.md'), 'utf8')
  const block = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('"equations"'))
  if (block === undefined) return t.fail('no JSON block with equations')
  const shown = (JSON.parse(`{${block}}`) as { populations: { neuron: Record<string, unknown> }[] }).populations[0]!.neuron
  const file = example('adex-equations').populations[0].neuron as Record<string, unknown> & { parameters: Record<string, { value: number }> }
  t.deepEqual({ ...shown, parameters: undefined }, { ...file, parameters: undefined })
  t.deepEqual(shown.parameters, Object.fromEntries(Object.entries(file.parameters).map(([k, v]) => [k, v.value])))
  const readme = readFileSync(join(repositoryRoot(), 'README.md'), 'utf8')
  const row = /`("neuron": \{ "equations": .*?\})`/.exec(readme)
  if (row === null) return t.fail('the README shows no neuron written as equations')
  const base = example('lif-poly-bump')
  const loaded = await loadConfig({ ...base, populations: [{ ...base.populations[0], neuron: (JSON.parse(`{${row[1]}}`) as { neuron: unknown }).neuron }] })
  t.true(isRight(loaded), isLeft(loaded) ? loaded.left.message : '')
})
