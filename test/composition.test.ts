import test from 'ava'
import {
  adjointGradient,
  checkNeuron,
  composeNetworkConfig,
  createNetwork,
  getOrThrow,
  loadNetworkConfig,
  NetworkConfigCodec,
  networkProblem,
  packWeights,
  sampledSignal,
  decode,
  type Trial,
} from '@spikegrad/core'
import { GatesModule, raisedCosineGate } from '@spikegrad/gates'
import { LossesModule, mseLoss } from '@spikegrad/losses'
import { QifNeuronModule, qifNeuron } from '@spikegrad/neuron-qif'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'

const root = repositoryRoot()
const examplePath = join(root, 'examples', 'qif-raised-cosine.json')
const config = JSON.parse(readFileSync(examplePath, 'utf8'))
const solve = { rtol: 1e-8, atol: 1e-10 }

test('composition — a network composed in code and the same network from its JSON configuration give identical loss and gradient', async (t) => {
  const fromFile = await loadNetworkConfig(examplePath)
  if (!isRight(fromFile)) return t.fail(fromFile.left.join('\n'))
  const net = createNetwork({
    neuron: qifNeuron({ tau_v: 2 }),
    gate: raisedCosineGate({ width: config.gate.width, center: Math.PI, period: 2 * Math.PI }),
    sizes: config.sizes,
    tauS: config.tauS,
    losses: [mseLoss()],
    initialState: config.initialState,
  })
  if (!isRight(net)) return t.fail(net.left.join('\n'))
  const theta = packWeights(net.right, config.weights)
  if (!isRight(theta)) return t.fail(theta.left.join('\n'))
  const input = sampledSignal({ dt: config.input.dt, channels: 2, values: config.input.values.flat() })
  const target = sampledSignal({ dt: config.target.dt, channels: 2, values: config.target.values.flat() })
  const trial: Trial = { duration: config.duration, input: (s, out) => input.at(s, out), target: (s, out) => (target.at(s, out), 1) }
  const inCode = getOrThrow(adjointGradient(networkProblem(net.right, trial), { t0: 0, t1: config.duration, y0: net.right.initialState, theta: theta.right }, solve))
  const c = fromFile.right
  const inConfig = getOrThrow(adjointGradient(networkProblem(c.network, c.trial), c.initialValue, solve))
  t.is(inCode.loss, inConfig.loss)
  t.deepEqual(Array.from(inCode.gradient), Array.from(inConfig.gradient))
})

test('composition — the plugin modules bind their factories by name in an inversify container', (t) => {
  const container = new Container()
  container.load(QifNeuronModule, GatesModule, LossesModule)
  const decoded = decode(NetworkConfigCodec, config, 'config')
  if (!isRight(decoded)) return t.fail(decoded.left.join('\n'))
  const composed = composeNetworkConfig(container, decoded.right)
  t.true(isRight(composed))
})

test('composition — an unknown plugin name is an error that lists what is available', (t) => {
  const container = new Container()
  container.load(QifNeuronModule, GatesModule, LossesModule)
  const decoded = decode(NetworkConfigCodec, { ...config, neuron: { name: 'qiff' }, gate: { name: 'boxy', width: 1 } }, 'config')
  if (!isRight(decoded)) return t.fail(decoded.left.join('\n'))
  const composed = composeNetworkConfig(container, decoded.right)
  if (!isLeft(composed)) return t.fail('expected an error')
  const text = composed.left.join('\n')
  t.regex(text, /config\.neuron: no plugin named "qiff" is loaded \(available: qif\)/)
  t.regex(text, /"plugins"/)
})

test('composition — a missing plugin package and a bad weight are named', async (t) => {
  const dir = join(root, 'test', 'dist', `tmp-config-${process.pid}`)
  mkdirSync(dir, { recursive: true })
  try {
    const missing = join(dir, 'missing.json')
    writeFileSync(missing, JSON.stringify({ ...config, plugins: ['@spikegrad/neuron-adex'] }))
    const r1 = await loadNetworkConfig(missing)
    t.true(isLeft(r1) && /cannot load package "@spikegrad\/neuron-adex".*npm install @spikegrad\/neuron-adex/.test(r1.left.join('\n')))
    const bad = join(dir, 'bad.json')
    const W = config.weights.W.map((row: number[], j: number) => (j === 3 ? row.slice(1) : row))
    writeFileSync(bad, JSON.stringify({ ...config, weights: { ...config.weights, W } }))
    const r2 = await loadNetworkConfig(bad)
    t.true(isLeft(r2) && r2.left.some((e) => e === 'config.weights.W[3] must have 10 entries, got 9'), isLeft(r2) ? r2.left.join('\n') : '')
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
        neuron: { name: 'toy', params: { tau: 4 } },
        gate: { name: 'poly-bump', width: 0.3 },
        initialState: new Array(20).fill(0),
        weights: { ...config.weights, b: config.weights.b.map((b: number) => b + 1.2) },
      }),
    )
    const composed = await loadNetworkConfig(cfgPath)
    if (!isRight(composed)) return t.fail(composed.left.join('\n'))
    t.is(composed.right.network.neuron.kind, 'toy')
    t.true(checkNeuron(composed.right.network.neuron).ok)
    const g = getOrThrow(adjointGradient(networkProblem(composed.right.network, composed.right.trial), composed.right.initialValue, solve))
    t.true(Number.isFinite(g.loss) && g.gradient.some((x) => x !== 0))
  } finally {
    rmSync(project, { recursive: true, force: true })
  }
})
