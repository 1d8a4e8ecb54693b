import test from 'ava'
import { adjointGradient, checkNeuron, composeNetworkConfig, createNetwork, decodeNetworkConfig, formatIssue, getOrThrow, networkProblem, type NetworkSpec, packWeights, sampledSignal, type Trial, trialInitialState } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { GatesModule, polyBumpGate, raisedCosineGate } from '@spikegrad/gates'
import { LossesModule, mseLoss } from '@spikegrad/losses'
import { LifNeuronModule, lifNeuron } from '@spikegrad/neuron-lif'
import { QifNeuronModule, qifNeuron } from '@spikegrad/neuron-qif'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

const root = repositoryRoot()
const read = (kind: string) => JSON.parse(readFileSync(join(root, 'examples', `${kind}.json`), 'utf8'))
const config = read('qif-raised-cosine')
const solve = { rtol: 1e-8, atol: 1e-10 }

/** The trial of a configuration, written in code: its samples as natural splines, its spikes, weight 1. */
function trialInCode(c: { duration: number; input?: { dt: number; values: number[][] }; target: { dt: number; values: number[][] }; spikes?: number[][] }): Trial {
  const input = c.input && sampledSignal({ dt: c.input.dt, channels: c.input.values[0]!.length, values: c.input.values.flat() })
  const target = sampledSignal({ dt: c.target.dt, channels: c.target.values[0]!.length, values: c.target.values.flat() })
  return {
    duration: c.duration,
    input: (s, out) => input?.at(s, out),
    ...(c.spikes && { spikes: c.spikes }),
    target: (s, out) => (target.at(s, out), 1),
  }
}

/** Each check network written in code, as a user composes it. */
const inCode: Record<string, () => NetworkSpec> = {
  'qif-raised-cosine': () => ({
    inputs: [{ name: 'input', kind: 'analog', size: 2 }],
    populations: [
      {
        name: 'hidden',
        size: 10,
        neuron: qifNeuron({ tau_v: 2 }),
        gate: raisedCosineGate({ width: config.populations[0].gate.width, center: Math.PI, period: 2 * Math.PI }),
        tauS: 10,
        initialState: config.populations[0].initialState,
      },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'hidden' },
    ],
    readout: { size: 2, from: ['hidden'] },
    losses: [mseLoss()],
  }),
  'feedforward-lif': () => ({
    inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
    populations: [
      { name: 'hidden', size: 10, neuron: lifNeuron(), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5 },
      { name: 'output', size: 2, neuron: lifNeuron(), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5 },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'output' },
    ],
    readout: { size: 2, from: ['output'] },
    losses: [mseLoss()],
  }),
  'ei-dale': () => {
    const c = read('ei-dale')
    return {
      inputs: [{ name: 'input', kind: 'analog', size: 2 }],
      populations: [
        { name: 'exc', size: 8, neuron: qifNeuron(), gate: { shape: raisedCosineGate, width: c.populations[0].gate.width }, tauS: 10, sign: 'excitatory', initialState: c.populations[0].initialState },
        { name: 'inh', size: 4, neuron: lifNeuron({ tau_m: 8 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, sign: 'inhibitory', initialState: c.populations[1].initialState },
      ],
      projections: [
        { from: 'input', to: 'exc' },
        { from: 'input', to: 'inh' },
        { from: 'exc', to: 'exc', connectivity: { mask: c.projections[2].connectivity.mask }, dale: true },
        { from: 'inh', to: 'exc', dale: true },
        { from: 'exc', to: 'inh', dale: true },
        { from: 'inh', to: 'inh', dale: true },
      ],
      readout: { size: 2, from: ['exc', 'inh'] },
      losses: [mseLoss()],
    }
  },
  'sparse-qif': () => {
    const c = read('sparse-qif')
    return {
      inputs: [{ name: 'input', kind: 'analog', size: 2 }],
      populations: [{ name: 'hidden', size: 40, neuron: qifNeuron(), gate: { shape: raisedCosineGate, width: c.populations[0].gate.width }, tauS: 10, initialState: c.populations[0].initialState }],
      projections: [
        { from: 'input', to: 'hidden' },
        { from: 'hidden', to: 'hidden', connectivity: { probability: 0.1, seed: 7 } },
      ],
      readout: { size: 2, from: ['hidden'] },
      losses: [mseLoss()],
    }
  },
}

for (const [kind, spec] of Object.entries(inCode)) {
  test(`composition — ${kind}: the network composed in code and the same network from its JSON configuration give the same loss and gradient, bit for bit`, async (t) => {
    const c = read(kind)
    const fromFile = await loadNetworkConfig(join(root, 'examples', `${kind}.json`))
    if (!isRight(fromFile)) return t.fail(fromFile.left.message)
    const net = getOrThrow(createNetwork(spec()))
    const theta = getOrThrow(packWeights(net, c.weights))
    const trial = trialInCode(c)
    const code = getOrThrow(adjointGradient(networkProblem(net, trial), { t0: 0, t1: c.duration, y0: trialInitialState(net, trial), theta }, solve))
    const json = getOrThrow(adjointGradient(networkProblem(fromFile.right.network, fromFile.right.trial), fromFile.right.initialValue, solve))
    t.deepEqual(net.layout.blocks, fromFile.right.network.layout.blocks)
    t.is(code.loss, json.loss)
    t.deepEqual(Array.from(code.gradient), Array.from(json.gradient))
  })
}

test('composition — the plugin modules bind their factories by name in an inversify container', (t) => {
  const container = new Container()
  container.load(QifNeuronModule, LifNeuronModule, GatesModule, LossesModule)
  for (const kind of Object.keys(inCode)) {
    const decoded = decodeNetworkConfig(read(kind), 'config')
    if (!isRight(decoded)) return t.fail(decoded.left.message)
    t.true(isRight(composeNetworkConfig(container, decoded.right)), kind)
  }
})

test('composition — an unknown plugin name is an issue that names the field, lists what is available and suggests the nearest', (t) => {
  const container = new Container()
  container.load(QifNeuronModule, GatesModule, LossesModule)
  const bad = { ...config, populations: [{ ...config.populations[0], neuron: { name: 'qiff' }, gate: { name: 'boxy', width: 1 } }] }
  const decoded = decodeNetworkConfig(bad, 'config')
  if (!isRight(decoded)) return t.fail(decoded.left.message)
  const composed = composeNetworkConfig(container, decoded.right)
  if (!isLeft(composed)) return t.fail('expected an error')
  t.deepEqual(
    composed.left.issues.map((i) => [i.at, i.code]),
    [
      ['config.populations[0].neuron', 'unknown-plugin'],
      ['config.populations[0].gate', 'unknown-plugin'],
    ],
  )
  t.regex(composed.left.message, /config\.populations\[0\]\.neuron: no plugin named "qiff" is loaded \(available: qif\); did you mean "qif"\?/)
  t.regex(composed.left.message, /"plugins"/)
})

test('composition — a misspelled field, an unknown block and a projection from nowhere are each named', (t) => {
  const container = new Container()
  container.load(QifNeuronModule, GatesModule, LossesModule)
  const misspelled = decodeNetworkConfig({ ...config, solvr: config.solver }, 'config')
  t.true(isLeft(misspelled) && misspelled.left.message === 'config.solvr: unknown field; did you mean "solver"?', isLeft(misspelled) ? misspelled.left.message : '')
  const extra = getOrThrow(decodeNetworkConfig({ ...config, weights: { ...config.weights, 'hidden<-hiden': [] } }, 'config'))
  const r1 = composeNetworkConfig(container, extra)
  t.true(isLeft(r1) && r1.left.issues[0]!.at === 'config.weights["hidden<-hiden"]', isLeft(r1) ? r1.left.message : '')
  const nowhere = getOrThrow(decodeNetworkConfig({ ...config, projections: [...config.projections, { from: 'outside', to: 'hidden' }] }, 'config'))
  const r2 = composeNetworkConfig(container, nowhere)
  t.true(isLeft(r2) && /config\.projections\[2\]\.from: "outside" is not a population or input group/.test(r2.left.message), isLeft(r2) ? r2.left.message : '')
})

test('composition — a missing plugin package and a bad weight are named', async (t) => {
  const dir = join(root, 'test', 'dist', `tmp-config-${process.pid}`)
  mkdirSync(dir, { recursive: true })
  try {
    const missing = join(dir, 'missing.json')
    writeFileSync(missing, JSON.stringify({ ...config, plugins: ['@spikegrad/neuron-adex'] }))
    const r1 = await loadNetworkConfig(missing)
    t.true(isLeft(r1) && /cannot load package "@spikegrad\/neuron-adex".*npm install @spikegrad\/neuron-adex/.test(r1.left.message))
    const bad = join(dir, 'bad.json')
    const W = config.weights['hidden<-hidden'].map((row: number[], j: number) => (j === 3 ? row.slice(1) : row))
    writeFileSync(bad, JSON.stringify({ ...config, weights: { ...config.weights, 'hidden<-hidden': W } }))
    const r2 = await loadNetworkConfig(bad)
    t.true(isLeft(r2) && r2.left.issues.map(formatIssue).includes('config.weights["hidden<-hidden"][3]: must have 10 entries, got 9'), isLeft(r2) ? r2.left.message : '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('composition — a third-party neuron plugin installed from an npm tarball is found by its package name', async (t) => {
  const project = join(root, 'test', 'dist', `tmp-project-${process.pid}`)
  mkdirSync(project, { recursive: true })
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }))
    const tarball = execFileSync('npm', ['pack', join(root, 'test', 'fixtures', 'toy-neuron'), '--pack-destination', project, '--silent'], {
      cwd: project,
      encoding: 'utf8',
    }).trim()
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', join(project, tarball)], {
      cwd: project,
      stdio: 'ignore',
    })
    const cfgPath = join(project, 'net.json')
    writeFileSync(
      cfgPath,
      JSON.stringify({
        ...config,
        plugins: ['spikegrad-toy-neuron', '@spikegrad/gates', '@spikegrad/losses'],
        populations: [{ ...config.populations[0], neuron: { name: 'toy', params: { tau: 4 } }, gate: { name: 'poly-bump', width: 0.3 }, initialState: new Array(20).fill(0) }],
        weights: { ...config.weights, 'bias:hidden': config.weights['bias:hidden'].map((b: number) => b + 1.2) },
      }),
    )
    const composed = await loadNetworkConfig(cfgPath)
    if (!isRight(composed)) return t.fail(composed.left.message)
    const neuron = composed.right.network.populations[0]!.neuron
    t.is(neuron.kind, 'toy')
    t.true(checkNeuron(neuron).ok)
    const g = getOrThrow(adjointGradient(networkProblem(composed.right.network, composed.right.trial), composed.right.initialValue, solve))
    t.true(Number.isFinite(g.loss) && g.gradient.some((x) => x !== 0))
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
})
