import 'reflect-metadata'
import test from 'ava'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Container } from 'inversify'
import { adjointGradient, composeNetworkConfig, createNetwork, decodeNetworkConfig, getOrThrow, initialWeights, networkGradient, networkProblem, recurrentNetwork, Rng, type Neuron, type Trial } from '@spikegrad/core'
import { boxGate, GatesModule } from '@spikegrad/gates'
import { LossesModule, mseLoss } from '@spikegrad/losses'
import { lifNeuron, LifNeuronModule } from '@spikegrad/neuron-lif'
import { qifNeuron, QifNeuronModule } from '@spikegrad/neuron-qif'
import { equationNeuron, EquationNeuronModule, lifEquations, thetaEquations } from '@spikegrad/neuron-equations'
import { repositoryRoot } from './support/repositoryRoot.js'

/** Largest |a − b| / max(|b|, floor) over two arrays. */
function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  let worst = 0
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), floor))
  return worst
}

/** Every function of two neurons at the same random points: rhs, vjp, paramVjp and the reset's, the worst relative difference of each. */
function compareNeurons(eq: Neuron, hand: Neuron, range: readonly [number, number], seed: number): Record<string, number> {
  const N = 64
  const S = hand.stateNames.length
  const rng = new Rng(seed)
  const draw = (n: number, lo: number, hi: number): Float64Array => Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform())
  const worst: Record<string, number> = {}
  const note = (name: string, e: number): void => void (worst[name] = Math.max(worst[name] ?? 0, e))
  const p = hand.defaults
  for (let s = 0; s < 20; s++) {
    const x = draw(S * N, range[0], range[1])
    const I = draw(N, -2, 3)
    const lam = draw(S * N, -1, 1)
    const run = (n: Neuron) => {
      const out = new Float64Array(S * N)
      const outX = new Float64Array(S * N)
      const outI = new Float64Array(N)
      const acc = new Float64Array(p.length)
      n.rhs(p, N, x, I, out)
      n.vjp(p, N, x, I, lam, outX, outI)
      n.paramVjp!(p, N, x, I, lam, 0.5, acc)
      return { out, outX, outI, acc }
    }
    const a = run(eq)
    const b = run(hand)
    note('rhs', worstRelative(a.out, b.out))
    note('vjp outX', worstRelative(a.outX, b.outX))
    note('vjp outI', worstRelative(a.outI, b.outI))
    note('paramVjp', worstRelative(a.acc, b.acc))
    if (hand.reset === undefined) continue
    for (let j = 0; j < N; j += 7) {
      const [re, rh] = [eq.reset!, hand.reset]
      note('condition', worstRelative([re.condition(p, N, j, x)], [rh.condition(p, N, j, x)]))
      const ga = new Float64Array(S)
      const gb = new Float64Array(S)
      re.conditionGradient(p, N, j, x, ga)
      rh.conditionGradient(p, N, j, x, gb)
      note('conditionGradient', worstRelative(ga, gb))
      const ca = new Float64Array(p.length)
      const cb = new Float64Array(p.length)
      re.conditionParamGradient!(p, N, j, x, 0.7, ca)
      rh.conditionParamGradient!(p, N, j, x, 0.7, cb)
      note('conditionParamGradient', worstRelative(ca, cb))
      const [xa, xb] = [x.slice(), x.slice()]
      re.jump(p, N, j, xa)
      rh.jump(p, N, j, xb)
      note('jump', worstRelative(xa, xb))
      const [la, lb] = [lam.slice(), lam.slice()]
      re.jumpVjp(p, N, j, x, la)
      rh.jumpVjp(p, N, j, x, lb)
      note('jumpVjp', worstRelative(la, lb))
      const [ja, jb] = [new Float64Array(p.length), new Float64Array(p.length)]
      re.jumpParamVjp!(p, N, j, x, lam, ja)
      rh.jumpParamVjp!(p, N, j, x, lam, jb)
      note('jumpParamVjp', worstRelative(ja, jb))
    }
  }
  return worst
}

test('LIF as equations against @spikegrad/neuron-lif — rhs, the VJPs and every reset term agree to rounding (≤ 4e-16 relative, paramVjp ≤ 1e-14)', (t) => {
  for (const params of [{}, { tau_m: 3, v_th: 0.7, v_reset: -0.4 }] as Record<string, number>[]) {
    const worst = compareNeurons(equationNeuron(lifEquations, params), lifNeuron(params), [-1, 2.5], 3)
    t.log(JSON.stringify(params), worst)
    t.deepEqual(Object.keys(worst).length, 10)
    for (const [name, e] of Object.entries(worst)) t.true(e <= (name === 'paramVjp' ? 1e-14 : 4e-16), `${name}: ${e}`)
  }
})

test('theta (QIF) as equations against @spikegrad/neuron-qif — rhs and the VJPs agree to rounding (≤ 4e-16 relative, paramVjp ≤ 1e-14)', (t) => {
  for (const params of [{}, { tau_v: 5 }] as Record<string, number>[]) {
    const worst = compareNeurons(equationNeuron(thetaEquations, params), qifNeuron(params), [-Math.PI, Math.PI], 4)
    t.log(JSON.stringify(params), worst)
    t.deepEqual(Object.keys(worst).length, 4)
    for (const [name, e] of Object.entries(worst)) t.true(e <= (name === 'paramVjp' ? 1e-14 : 4e-16), `${name}: ${e}`)
  }
})

/** An example configuration with its neuron replaced by `neuron` (and its parameters trained when `train` is given). */
function configWith(example: string, neuron: Record<string, unknown>, train?: readonly string[]): unknown {
  const config = JSON.parse(readFileSync(join(repositoryRoot(), 'examples', `${example}.json`), 'utf8'))
  const population = config.populations[0]
  population.neuron = neuron
  if (train !== undefined) {
    population.train = { params: train }
    const params = neuron.params as Record<string, number>
    for (const name of train) config.weights[`${name}:${population.name}`] = params[name]
  }
  return config
}

function lossAndGradient(config: unknown): { loss: number; gradient: Float64Array; events: number } {
  const container = new Container()
  for (const m of [LifNeuronModule, QifNeuronModule, EquationNeuronModule, GatesModule, LossesModule]) container.load(m)
  const c = getOrThrow(composeNetworkConfig(container, getOrThrow(decodeNetworkConfig(config))))
  const g = getOrThrow(adjointGradient(networkProblem(c.network, c.trial), c.initialValue, c.solve))
  return { loss: g.loss, gradient: g.gradient, events: g.stats.forward.events }
}

for (const [example, name, definition, params, train] of [
  ['lif-poly-bump', 'lif', lifEquations, { tau_m: 10, v_th: 1, v_reset: 0 }, ['tau_m', 'v_th', 'v_reset']],
  ['qif-raised-cosine', 'qif', thetaEquations, { tau_v: 2 }, ['tau_v']],
] as const) {
  test(`examples/${example}.json — the network with the ${name} neuron written as equations (from JSON options) gives the hand-written plugin's loss and gradient to 1e-12, neuron parameters trained`, (t) => {
    const hand = lossAndGradient(configWith(example, { name, params }, train))
    const eq = lossAndGradient(configWith(example, { name: 'equations', params, options: JSON.parse(JSON.stringify(definition)) }, train))
    t.is(eq.gradient.length, hand.gradient.length)
    t.is(eq.events, hand.events)
    const scale = Math.max(...hand.gradient.map(Math.abs))
    const lossError = Math.abs(eq.loss - hand.loss) / Math.abs(hand.loss)
    let gradientError = 0
    for (let i = 0; i < hand.gradient.length; i++) gradientError = Math.max(gradientError, Math.abs(eq.gradient[i]! - hand.gradient[i]!) / scale)
    t.log(`${hand.events} events; loss ${hand.loss}: relative difference ${lossError.toExponential(2)}; gradient (${hand.gradient.length} entries): max difference ${gradientError.toExponential(2)} of max |dL/dθ|`)
    t.true(lossError <= 1e-12, `loss ${eq.loss} vs ${hand.loss}`)
    t.true(gradientError <= 1e-12, `gradient ${gradientError}`)
    // the neuron's own parameters are among the entries compared, and they are not zero
    const tail = hand.gradient.slice(hand.gradient.length - train.length)
    t.true(tail.some((v) => v !== 0), `${[...tail]}`)
  })
}

test('a network composed in code (recurrentNetwork, box gate, tau_m and v_th trained): the equation LIF gives the hand-written LIF\'s loss and gradient to 1e-12', (t) => {
  const run = (neuron: Neuron) => {
    const net = getOrThrow(createNetwork(recurrentNetwork({
      neuron,
      gate: boxGate({ width: 0.2, center: 0.9 }),
      sizes: { inputs: 2, neurons: 12, outputs: 2 },
      tauS: 5,
      losses: [mseLoss()],
      train: { neuronParams: ['tau_m', 'v_th'] },
      init: { biasMin: 0.9, biasMax: 1.4, inputScale: 0.8 },
    })))
    const trial: Trial = {
      duration: 80,
      input: (s, out) => void ((out[0] = Math.sin(s / 7)), (out[1] = Math.cos(s / 11))),
      target: (s, out) => ((out[0] = 0.1 * Math.sin(s / 7)), (out[1] = 0), 1),
    }
    return getOrThrow(networkGradient(net, initialWeights(net, new Rng(4)), trial, { rtol: 1e-10, atol: 1e-12 }))
  }
  const hand = run(lifNeuron())
  const eq = run(equationNeuron(lifEquations))
  const resets = hand.events.filter((e) => e.family.startsWith('reset')).length
  t.true(resets >= 10, `${resets} resets`)
  t.is(eq.events.length, hand.events.length)
  const scale = Math.max(...hand.gradient.map(Math.abs))
  const worst = Math.max(...hand.gradient.map((g, i) => Math.abs(eq.gradient[i]! - g) / scale))
  t.log(`${resets} resets, ${hand.events.length} events; loss ${hand.loss} vs ${eq.loss}; gradient max difference ${worst.toExponential(2)} of max |dL/dθ|`)
  t.true(Math.abs(eq.loss - hand.loss) <= 1e-12 * Math.abs(hand.loss))
  t.true(worst <= 1e-12, `${worst}`)
})
