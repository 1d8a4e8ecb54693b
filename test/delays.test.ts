import test from 'ava'
import {
  constraintViolation,
  createNetwork,
  getOrThrow,
  initialWeights,
  monolithic,
  networkGradient,
  networkProblem,
  packWeights,
  projectConstraints,
  Rng,
  simulate,
  unpackWeights,
  type DelaySpec,
  type Network,
  type Structure,
  type NetworkSpec,
  type Trial,
} from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { firstSpikeCrossEntropyLoss, mseLoss, voltageMseLoss } from '@spikegrad/losses'
import { lifNeuron } from '@spikegrad/neuron-lif'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'

const lif = { neuron: lifNeuron({ tau_m: 10 }), gate: { shape: polyBumpGate, width: 0.2 }, tauS: 5 }

/** One input channel → one LIF neuron → one LIF neuron, at rest (no bias) until the input spike, strong enough that each spikes. */
function chain(inputDelay?: DelaySpec, hiddenDelay?: DelaySpec): NetworkSpec {
  return {
    inputs: [{ name: 'input', kind: 'spikes', size: 1, tauS: 5 }],
    populations: [
      { name: 'hidden', size: 1, ...lif, biasInit: { kind: 'constant', value: 0 } },
      { name: 'output', size: 1, ...lif, biasInit: { kind: 'constant', value: 0 } },
    ],
    projections: [
      { from: 'input', to: 'hidden', init: { kind: 'constant', value: 40 }, ...(inputDelay && { delay: inputDelay }) },
      { from: 'hidden', to: 'output', init: { kind: 'constant', value: 15 }, ...(hiddenDelay && { delay: hiddenDelay }) },
    ],
    readout: { size: 1, from: ['output'] },
    losses: [mseLoss()],
  }
}

const trial: Trial = {
  duration: 40,
  spikes: [Float64Array.of(3)],
  input: () => undefined,
  target: (_t, out) => {
    out.fill(0.05)
    return 1
  },
}

const tight = { rtol: 1e-10, atol: 1e-12, maxSteps: 100_000_000 }
const constant = (value: number): DelaySpec => ({ kind: 'axonal', init: { kind: 'constant', value } })
const spikesOf = (net: Network) => getOrThrow(simulate(net, initialWeights(net, new Rng(1)), trial, { solve: tight })).spikes

test('delays — an axonal delay of d on the input moves every spike of both neurons d later; a dendritic one on the hidden → output projection moves only the output', (t) => {
  const base = spikesOf(getOrThrow(createNetwork(chain())))
  t.true(base[0].length >= 1 && base[1].length >= 1, `both neurons spike: ${base.map((s) => s.length)}`)
  const inputs = spikesOf(getOrThrow(createNetwork(chain(constant(2.5)))))
  const later = spikesOf(getOrThrow(createNetwork(chain(undefined, { kind: 'dendritic', init: { kind: 'constant', value: 4 } }))))
  for (let q = 0; q < 2; q++) {
    t.is(inputs[q].length, base[q].length)
    base[q].forEach((s, k) => t.true(Math.abs(inputs[q][k] - (s + 2.5)) < 1e-6, `neuron ${q}, spike ${k}: ${inputs[q][k]} against ${s} + 2.5`))
  }
  t.deepEqual(Array.from(later[0]).map((s) => s.toFixed(6)), Array.from(base[0]).map((s) => s.toFixed(6)))
  base[1].forEach((s, k) => t.true(Math.abs(later[1][k] - (s + 4)) < 1e-6, `output spike ${k}: ${later[1][k]} against ${s} + 4`))
})

test('delays — zero delays give the loss and gradient of the same network without them (only the delay blocks are new)', (t) => {
  const plain = getOrThrow(createNetwork(chain()))
  const zero = getOrThrow(createNetwork(chain({ kind: 'synaptic', init: { kind: 'constant', value: 0 } }, { kind: 'synaptic', init: { kind: 'constant', value: 0 } })))
  t.deepEqual(
    zero.layout.blocks.map((b) => b.name),
    [...plain.layout.blocks.map((b) => b.name), 'delay:hidden<-input', 'delay:output<-hidden'],
    'delays come last in θ: a network without them keeps its layout',
  )
  const thetaPlain = initialWeights(plain, new Rng(2))
  const thetaZero = initialWeights(zero, new Rng(2))
  t.deepEqual(Array.from(thetaZero.subarray(0, thetaPlain.length)), Array.from(thetaPlain), 'and draws what it drew')
  const a = getOrThrow(networkGradient(plain, thetaPlain, trial, { ...tight, solver: 'bs3', structure: 'blocks' }))
  const b = getOrThrow(networkGradient(zero, thetaZero, trial, { ...tight, solver: 'bs3' }))
  t.true(Math.abs(a.loss - b.loss) <= 1e-9 * Math.abs(a.loss), `loss ${a.loss} against ${b.loss}`)
  for (let i = 0; i < thetaPlain.length; i++) {
    t.true(Math.abs(a.gradient[i] - b.gradient[i]) <= 1e-7 * Math.max(1e-3, Math.abs(a.gradient[i])), `entry ${i}: ${a.gradient[i]} against ${b.gradient[i]}`)
  }
})

test('delays — a network with them is solved by its structure whatever the options say; the whole-network ODE refuses them by name', (t) => {
  const net = getOrThrow(createNetwork(chain(constant(1))))
  const theta = initialWeights(net, new Rng(1))
  const mono = networkGradient(net, theta, trial, { ...tight, structure: 'monolithic' })
  t.true(isRight(mono))
  const err = t.throws(() => networkProblem(net, trial))
  t.regex(err?.message ?? '', /hidden<-input has delays/)
  // a structure of one's own that poses it whole is told why
  const whole: Structure = { name: 'whole', gradient: (posed, iv, options) => monolithic.gradient(posed, iv, options) }
  const mine = networkGradient(net, theta, trial, { ...tight, structure: whole })
  t.false(isRight(mine))
  if (!isRight(mine)) t.regex(mine.left.message, /options\.structure.*the projection hidden<-input has delays: only the structured solve \(byBlocks\) solves this network/)
})

test('delays — bad delays are refused with the field and the fix: analog sources, recurrence, loops, normal draws, draws outside [0, max], a bad kind, a loss with a running term on a voltage', (t) => {
  const issues = (spec: NetworkSpec): string => {
    const r = createNetwork(spec)
    return isLeft(r) ? r.left.message : ''
  }
  const base = chain()
  const withDelay = (i: number, delay: unknown): NetworkSpec => ({ ...base, projections: base.projections!.map((p, k) => (k === i ? { ...p, delay: delay as DelaySpec } : p)) })
  t.regex(issues(withDelay(0, { kind: 'sideways' })), /projections\[0\]\.delay\.kind: must be "synaptic", "axonal" or "dendritic"/)
  t.regex(issues(withDelay(0, { kind: 'axonal', init: { kind: 'normal', std: 1 } })), /projections\[0\]\.delay\.init\.kind: delays are drawn "uniform" or "constant"/)
  t.regex(issues(withDelay(1, { kind: 'axonal', init: { kind: 'uniform', min: 1, max: 20 }, max: 10 })), /projections\[1\]\.delay\.init: draws delays in \[1, 20\] ms, outside \[0, max = 10\].*raise max/)
  t.regex(issues(withDelay(1, { kind: 'axonal', max: -1 })), /projections\[1\]\.delay\.max: must be a positive number of ms/)
  const analog: NetworkSpec = { ...base, inputs: [{ name: 'input', kind: 'analog', size: 1 }] }
  t.regex(issues({ ...analog, projections: analog.projections!.map((p, k) => (k === 0 ? { ...p, delay: constant(1) } : p)) }), /the analog input "input" cannot be delayed/)
  const loop: NetworkSpec = { ...withDelay(1, constant(1)), projections: [...withDelay(1, constant(1)).projections!, { from: 'output', to: 'hidden' }] }
  t.regex(issues(loop), /projections\[1\]\.delay: delays cannot sit on a projection into, out of or within a recurrent component \(the populations "hidden", "output" form a cycle\).*remove the delay from this projection/)
  const selfLoop: NetworkSpec = { ...withDelay(1, constant(1)), projections: [...withDelay(1, constant(1)).projections!, { from: 'output', to: 'output' }] }
  t.regex(issues(selfLoop), /projections\[1\]\.delay: delays cannot sit on a projection into, out of or within a recurrent component \(the population "output" projects onto itself\)/)
  // a delay between feedforward populations, before a recurrent one, is allowed
  const before: NetworkSpec = { ...withDelay(0, constant(1)), projections: [...withDelay(0, constant(1)).projections!, { from: 'output', to: 'output' }] }
  t.is(issues(before), '')
  const voltage: NetworkSpec = { ...withDelay(1, constant(1)), losses: [voltageMseLoss({}, { population: 'output' })] }
  t.regex(issues(voltage), /projections\[1\]\.delay: the loss "voltage-mse" has a running term on neuron variables .*which a network with delays cannot give.*use a loss on the readout, the traces, spike times or values at the end/)
  // a loss on spike times and on values at the end the structured solve carries
  const firstSpike: NetworkSpec = { ...withDelay(1, constant(1)), losses: [firstSpikeCrossEntropyLoss({}, { population: 'output' })] }
  t.is(issues(firstSpike), '')
})

test('delays — training keeps them in [0, max]: projectConstraints clips, and a model file with a delay outside is refused by name', (t) => {
  const net = getOrThrow(createNetwork(chain({ kind: 'synaptic', init: { kind: 'uniform', min: 1, max: 3 }, max: 5 })))
  const theta = initialWeights(net, new Rng(3))
  const block = net.layout.blocks.find((b) => b.name === 'delay:hidden<-input')!
  t.true(theta[block.offset] >= 1 && theta[block.offset] <= 3)
  theta[block.offset] = -0.5
  t.true(constraintViolation(net, theta) > 0)
  projectConstraints(net, theta)
  t.is(theta[block.offset], 0)
  theta[block.offset] = 7
  projectConstraints(net, theta)
  t.is(theta[block.offset], 5)
  t.is(constraintViolation(net, theta), 0)
  const record = unpackWeights(net, theta)
  t.deepEqual(record['delay:hidden<-input'], [[5]], 'synaptic delays in the shape of the weights')
  const again = packWeights(net, record, 'weights')
  t.true(isRight(again) && again.right[block.offset] === 5)
  const bad = packWeights(net, { ...record, 'delay:hidden<-input': [[-1]] }, 'weights')
  t.true(isLeft(bad) && /weights\["delay:hidden<-input"\]: holds the delay -1 ms, outside \[0, max = 5\] ms/.test(bad.left.message), isLeft(bad) ? bad.left.message : '')
})
