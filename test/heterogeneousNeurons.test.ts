import test from 'ava'
import {
  checkGradient,
  gateCharge,
  simulate,
  createNetwork,
  getOrThrow,
  initialWeights,
  networkGradient,
  networkProblem,
  projectConstraints,
  constraintViolation,
  Rng,
  trialInitialState,
  type Network,
  type NetworkSpec,
  type PopulationSpec,
  checkNeuron,
  decodeModelFile,
  formatPluginCheck,
  formatModelFile,
  modelFromFile,
  modelToFile,
  type Model,
  type SolveOptions,
} from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { mseLoss, spikeCountTargetLoss } from '@spikegrad/losses'
import { equationNeuron } from '@spikegrad/neuron-equations'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { loadModel, train } from '@spikegrad/node'
import { networkToNir, type NirCubaLif } from '@spikegrad/nir'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './support/repositoryRoot.js'
import { freshModel, pluginContainer, qifSpec, reducedAutoencode } from './support/trainingSpecs.js'

import { heterogeneousSpec as spec, heterogeneousTheta as thetaOf, heterogeneousTrial as trial } from './support/heterogeneousNetwork.js'

test('per-neuron parameters — lifNeuron({ tau_m: [5, 6, 7] }) gives each of 3 neurons its own tau_m; a list of the wrong length names the population, the parameter, the length and the fix', (t) => {
  const net = getOrThrow(createNetwork(spec({ neuron: lifNeuron({ tau_m: [5, 6, 7] }) })))
  const hidden = net.populations[0]
  t.deepEqual(hidden.perNeuronParams, [true, false, false])
  t.deepEqual([...hidden.paramTable!], [5, 6, 7, 1, 1, 1, 0, 0, 0])
  t.is(net.populations[1].paramTable, undefined, 'a population of shared values reads P values, as before')

  const wrong = createNetwork(spec({ neuron: lifNeuron({ tau_m: [5, 6] }) }))
  if (!isLeft(wrong)) return t.fail('a list of 2 values for 3 neurons was taken')
  t.is(
    wrong.left.message,
    'populations[0].neuron.params.tau_m: population "hidden" has 3 neurons, but its parameter "tau_m" lists 2 values; give exactly 3 values (one per neuron), one number for all, or a rule such as { "kind": "uniform", "min": …, "max": … }',
  )
  const tau = createNetwork(spec({ tauS: [4, 5, 6, 7] }))
  t.true(isLeft(tau) && tau.left.message.includes('populations[0].tauS: population "hidden" has 3 neurons, but its parameter "tau_s" lists 4 values'))
})

test('per-neuron parameters — rules are drawn once, seeded by their seed and the population and parameter names; out-of-range draws are refused by entry', (t) => {
  const rules = { tau_m: { kind: 'log-normal', median: 10, sigma: 0.3 }, v_th: { kind: 'uniform', min: 0.9, max: 1.1 } } as const
  const a = getOrThrow(createNetwork(spec({ size: 3, neuron: lifNeuron(rules), tauS: { kind: 'normal', mean: 5, std: 0.5 } })))
  const b = getOrThrow(createNetwork(spec({ size: 3, neuron: lifNeuron(rules), tauS: { kind: 'normal', mean: 5, std: 0.5 } })))
  t.deepEqual([...a.populations[0].paramTable!], [...b.populations[0].paramTable!], 'the same rules give the same values')
  const table = a.populations[0].paramTable!
  const tauM = [...table.subarray(0, 3)]
  const vTh = [...table.subarray(3, 6)]
  t.true(tauM.every((x) => x > 0) && new Set(tauM).size === 3, `tau_m ${tauM}`)
  t.true(vTh.every((x) => x >= 0.9 && x < 1.1), `v_th ${vTh}`)
  t.true([...a.populations[0].tauSValues!].every((x) => Math.abs(x - 5) < 3))
  const reseeded = getOrThrow(createNetwork(spec({ neuron: lifNeuron({ tau_m: { ...rules.tau_m, seed: 2 } }) })))
  t.notDeepEqual([...reseeded.populations[0].paramTable!.subarray(0, 3)], tauM, 'another seed, other values')
  // each neuron's gate sits below its own threshold
  t.deepEqual([...a.populations[0].gateShift!].map((x) => Number(x.toFixed(12))), vTh.map((v) => Number((v - vTh[0]).toFixed(12))))

  const negative = createNetwork(spec({ neuron: lifNeuron({ tau_m: { kind: 'normal', mean: 1, std: 10, seed: 3 } }) }))
  t.true(isLeft(negative) && /populations\[0\]\.neuron\.params\.tau_m\[\d\]: = -[\d.]+ is out of range \[0\.001, inf\] ms/.test(negative.left.message), isLeft(negative) ? negative.left.message : '')
  t.true(isLeft(negative) && negative.left.message.includes('log-normal'), 'the fix names a rule that stays positive')
})

test('per-neuron parameters — a neuron that reads one value per population (no perNeuronParameters) refuses a list, saying so', (t) => {
  const { perNeuronParameters: _, ...shared } = lifNeuron()
  const net = createNetwork(spec({ neuron: shared, params: { tau_m: [5, 6, 7] } }))
  t.true(isLeft(net) && net.left.message.includes('populations[0].params: neuron "lif": parameter "tau_m" must be a finite number (this neuron takes one value per population), got 5,6,7'), isLeft(net) ? net.left.message : '')
})

test('per-neuron parameters — a neuron written as equations takes them too: its kernels run neuron by neuron, and checkNeuron checks the table', (t) => {
  const definition = { equations: ['dv/dt = (-v + I) / tau'], threshold: 'v > v_th', reset: ['v = v_r'], parameters: { tau: { value: 10, unit: 'ms', min: 0.001 }, v_th: 1, v_r: 0 } }
  const neuron = equationNeuron(definition, { tau: [5, 6, 7] })
  t.true(neuron.perNeuronParameters)
  const report = checkNeuron(neuron, { stateRanges: [[-1, 2]], currentRange: [-1, 3], N: 4, samples: 8 })
  t.true(report.ok, formatPluginCheck(report))
  t.true(report.checks.some((c) => c.name.startsWith('per-neuron table — paramVjp')))
  const net = getOrThrow(createNetwork(spec({ neuron, train: { params: ['tau', 'v_th'] } })))
  t.deepEqual([...net.populations[0].paramTable!], [5, 6, 7, 1, 1, 1, 0, 0, 0])
  const lif = getOrThrow(createNetwork(spec({ neuron: lifNeuron({ tau_m: [5, 6, 7] }), train: { params: ['tau_m', 'v_th'] } })))
  // the same equations as the LIF plugin: the same loss and gradient, to the solve's accuracy
  const solve: SolveOptions = { rtol: 1e-10, atol: 1e-12 }
  const a = getOrThrow(networkGradient(net, thetaOf(net), trial, solve))
  const b = getOrThrow(networkGradient(lif, thetaOf(lif), trial, solve))
  t.true(Math.abs(a.loss - b.loss) <= 1e-7 * Math.abs(b.loss), `loss ${a.loss} and ${b.loss}`)
  for (const [k, x] of a.gradient.entries()) t.true(Math.abs(x - b.gradient[k]) <= 1e-6 * Math.max(...b.gradient.map(Math.abs)), `entry ${k}: ${x} and ${b.gradient[k]}`)
})

test('per-neuron parameters — neurons given equal values have the shared gradient, split by neuron: the per-neuron entries sum to the shared one', (t) => {
  const shared = getOrThrow(createNetwork(spec({ train: { tauS: true, params: ['tau_m', 'v_th', 'v_reset'] } })))
  const split = getOrThrow(createNetwork(spec({ neuron: lifNeuron({ tau_m: [10, 10, 10], v_th: { kind: 'constant', value: 1 }, v_reset: [0, 0, 0] }), tauS: [5, 5, 5], train: { tauS: true, params: ['tau_m', 'v_th', 'v_reset'] } })))
  const block = (net: Network, name: string) => net.layout.blocks.find((b) => b.name === name)!
  for (const name of ['tau_s:hidden', 'tau_m:hidden', 'v_th:hidden', 'v_reset:hidden']) {
    t.is(block(shared, name).length, 1)
    t.is(block(split, name).length, 3)
    t.true(block(split, name).perNeuron === true)
  }
  const thetaShared = thetaOf(shared)
  const thetaSplit = thetaOf(split)
  const solve: SolveOptions = { rtol: 1e-10, atol: 1e-12 }
  const a = getOrThrow(networkGradient(shared, thetaShared, trial, solve))
  const b = getOrThrow(networkGradient(split, thetaSplit, trial, solve))
  // the same equations, rounded differently (1/tau·(I − v) against (I − v)/tau): the adaptive steps differ, so the two agree to the solve's error
  t.true(Math.abs(a.loss - b.loss) <= 1e-7 * Math.abs(a.loss), `loss ${a.loss} and ${b.loss}`)
  for (const name of ['tau_s:hidden', 'tau_m:hidden', 'v_th:hidden', 'v_reset:hidden']) {
    const g = a.gradient[block(shared, name).offset]
    const parts = [...b.gradient.subarray(block(split, name).offset, block(split, name).offset + 3)]
    const sum = parts.reduce((x, y) => x + y, 0)
    t.log(`${name}: shared ${g.toExponential(6)}, per neuron ${parts.map((x) => x.toExponential(3)).join(' ')}`)
    t.true(Math.abs(sum - g) <= 1e-6 * Math.max(Math.abs(g), 1e-12), `${name}: Σ ${sum} against ${g}`)
    t.true(new Set(parts).size > 1, `${name}: the neurons' shares differ`)
  }
})

test('per-neuron parameters — training keeps every entry in its range: tau_s ≥ 0.001 ms and tau_m within the plugin\'s min, neuron by neuron', (t) => {
  const net = getOrThrow(createNetwork(spec({ neuron: lifNeuron({ tau_m: [5, 6, 7] }), tauS: [4, 5, 6], train: { tauS: true, params: ['tau_m', 'v_th'] } })))
  const theta = thetaOf(net)
  t.is(constraintViolation(net, theta), 0)
  const tauS = net.populations[0].tauSOffset
  const tauM = net.populations[0].paramOffsets[0]
  theta[tauS + 1] = -2
  theta[tauM + 2] = -0.5
  theta[net.populations[0].paramOffsets[1]] = -3 // v_th (shared here) has no bounds: it stays
  t.true(constraintViolation(net, theta) > 0)
  projectConstraints(net, theta)
  t.deepEqual([theta[tauS], theta[tauS + 1], theta[tauS + 2]], [4, 0.001, 6])
  t.deepEqual([theta[tauM], theta[tauM + 1], theta[tauM + 2]], [5, 6, 0.001])
  t.is(theta[net.populations[0].paramOffsets[1]], -3)
  t.is(constraintViolation(net, theta), 0)
})

test('per-neuron parameters — JSON values: a list, a rule, or a number; an unknown rule is refused by name', (t) => {
  const ok = createNetwork(spec({ neuron: lifNeuron({ tau_m: JSON.parse('{ "kind": "constant", "value": 8 }') }) }))
  t.true(isRight(ok) && [...ok.right.populations[0].paramTable!.subarray(0, 3)].every((x) => x === 8))
  t.throws(() => lifNeuron({ tau_m: JSON.parse('{ "kind": "gamma", "shape": 2 }') }), { message: /tau_m": must be a number, a list of one number per neuron, or a rule \{ "kind": "constant" \| "uniform" \| "normal" \| "log-normal", … \}/ })
})

/** A small QIF model whose 4 neurons each have their own tau_v (log-normal) and tau_s (listed), both trained. */
async function heterogeneousModel(): Promise<Model> {
  const base = qifSpec({ name: 'autoencode', params: { ...reducedAutoencode.params, duration: 60 } }, 4, { training: { batchSize: 2 } })
  const [hidden] = base.network.populations
  return freshModel({
    ...base,
    network: {
      ...base.network,
      populations: [{ ...hidden!, neuron: { name: 'qif', params: { tau_v: { kind: 'log-normal', median: 2, sigma: 0.2 } } }, tauS: [8, 9, 10, 11], train: { tauS: true, params: ['tau_v'] } }],
    },
  })
}

test('model files — a model with per-neuron parameters is written in format 3 and read back with the same values: the lists and rules in its specification, a list per trained per-neuron block', async (t) => {
  const model = await heterogeneousModel()
  const file = modelToFile(model)
  t.is(file.format, 'spikegrad-model/3')
  t.deepEqual(file.weights['tau_s:hidden'], [8, 9, 10, 11])
  const tauV = file.weights['tau_v:hidden'] as number[]
  t.is(tauV.length, 4)
  t.true(tauV.every((x) => x > 0) && new Set(tauV).size === 4, `tau_v ${tauV}`)
  const read = decodeModelFile(JSON.parse(formatModelFile(file)))
  if (!isRight(read)) return t.fail(read.left.message)
  t.deepEqual(read.right.spec.network.populations[0]!.tauS, [8, 9, 10, 11])
  const again = modelFromFile(await pluginContainer(), read.right)
  if (!isRight(again)) return t.fail(again.left.message)
  t.deepEqual([...again.right.theta], [...model.theta])
})

test('training — the tau_v and tau_s of every neuron move on their own, in-process and on 2 worker threads alike, bit for bit', async (t) => {
  const start = await heterogeneousModel()
  const serial = await train(await heterogeneousModel(), { iterations: 2 })
  const parallel = await train(await heterogeneousModel(), { iterations: 2, workers: 2, baseDir: repositoryRoot() })
  if (!isRight(serial) || !isRight(parallel)) return t.fail('training failed')
  t.deepEqual([...parallel.right.theta], [...serial.right.theta])
  for (const name of ['tau_v:hidden', 'tau_s:hidden']) {
    const b = start.network.layout.blocks.find((x) => x.name === name)!
    const before = [...start.theta.subarray(b.offset, b.offset + 4)]
    const after = [...serial.right.theta.subarray(b.offset, b.offset + 4)]
    t.log(`${name}: ${before.map((x) => x.toFixed(4)).join(' ')} → ${after.map((x) => x.toFixed(4)).join(' ')}`)
    t.true(after.every((x, j) => x !== before[j] && x > 0), name)
  }
})

test('model files — a model of format 2 (the Yin-Yang model committed before format 3, test/fixtures/yinyang-model-format2.json) still loads, and is format 3 when written again', async (t) => {
  const path = join(repositoryRoot(), 'test', 'fixtures', 'yinyang-model-format2.json')
  t.is(JSON.parse(readFileSync(path, 'utf8')).format, 'spikegrad-model/2')
  const model = await loadModel(path)
  if (!isRight(model)) return t.fail(model.left.message)
  t.true(model.right.iteration > 0)
  const file = modelToFile(model.right)
  t.is(file.format, 'spikegrad-model/3')
  t.deepEqual(file.weights, JSON.parse(readFileSync(path, 'utf8')).weights)
})

test('NIR export — per-neuron tau_m, v_th and v_reset become per-neuron CubaLIF tensors; a per-neuron tau_s is refused, saying why', (t) => {
  const net = getOrThrow(createNetwork(spec({ neuron: lifNeuron({ tau_m: [5, 6, 7], v_th: [1, 1.1, 0.9] }), train: { params: ['v_th'] } })))
  const theta = thetaOf(net)
  const graph = networkToNir(net, theta)
  if (!isRight(graph)) return t.fail(graph.left.message)
  const hidden = graph.right.nodes.hidden as NirCubaLif
  t.deepEqual([...hidden.tau_mem.data], [5, 6, 7])
  t.deepEqual([...hidden.v_threshold.data], [1, 1.1, 0.9])
  t.deepEqual([...hidden.v_reset.data], [0, 0, 0])
  const refused = networkToNir(getOrThrow(createNetwork(spec({ tauS: [4, 5, 6] }))), theta)
  t.true(isLeft(refused) && refused.left.message.includes('network.populations[0] "hidden".tauS: is one value per neuron'), isLeft(refused) ? refused.left.message : '')
})

for (const structure of ['monolithic', 'blocks'] as const) {
  test(`per-neuron thresholds — a neuron's charge (its spike count) is read in its own gate's zone, ${structure} solve`, (t) => {
    // two LIF neurons driven by one bias, thresholds 1 and 2: the first fires, the second rises to
    // 1.95 (1 − e^{−6}) at T, inside its own zone [1.8, 2] — a fraction of a spike, where the zone of
    // the first neuron's threshold would count a whole one
    const T = 60
    const net = getOrThrow(
      createNetwork({
        inputs: [{ name: 'input', kind: 'spikes', size: 1, tauS: 5 }],
        populations: [{ name: 'hidden', size: 2, neuron: lifNeuron({ tau_m: 10, v_th: [1, 2] }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5, biasInit: { kind: 'constant', value: 1.95 } }],
        projections: [{ from: 'input', to: 'hidden', init: { kind: 'constant', value: 0 } }],
        readout: { size: 2, from: ['hidden'] },
        losses: [spikeCountTargetLoss({ low: 0, high: 0 }, { population: 'hidden' })],
      }),
    )
    const theta = initialWeights(net, new Rng(1))
    const trial = { duration: T, input: () => undefined, spikes: [Float64Array.of()], target: (_t: number, out: Float64Array) => (out.fill(0), 1) }
    const g = getOrThrow(networkGradient(net, theta, trial, { rtol: 1e-10, atol: 1e-12, structure }))
    const resets = [0, 1].map((j) => g.events.filter((e) => e.family === 'reset:hidden' && e.index === j).length)
    t.true(resets[0] >= 3, `the first neuron fires (${resets[0]})`)
    t.is(resets[1], 0)
    const v1 = 1.95 * (1 - Math.exp(-T / 10))
    const q1 = gateCharge(net.populations[0].gate, v1 - 1)
    t.true(q1 > 0.05 && q1 < 0.95, `a fraction of a spike: ${q1}`)
    // Ψ = ½ (Q_0² + Q_1²), Q_0 = its resets + the charge of its voltage at T in its own zone
    const sim = getOrThrow(simulate(net, theta, trial, { voltages: true, solve: { rtol: 1e-10, atol: 1e-12, structure } }))
    const v0 = sim.voltages![T * 2]
    const q0 = resets[0] + gateCharge(net.populations[0].gate, v0)
    const psi = 0.5 * (q0 * q0 + q1 * q1)
    t.true(Math.abs(g.loss - psi) <= 1e-6 * psi, `loss ${g.loss} against ½(Q_0² + Q_1²) = ${psi} (Q_0 = ${q0}, Q_1 = ${q1})`)
  })
}
