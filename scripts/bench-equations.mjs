#!/usr/bin/env node
// Times the neurons written as equations (@spikegrad/neuron-equations) against the hand-written
// plugins they reproduce (@spikegrad/neuron-lif, @spikegrad/neuron-qif):
//
//     npm run bench:equations                  (builds first)
//     npm run bench:equations -- --gradients   (the whole gradients only, part 2 below)
//
// 1. The kernels alone: rhs, vjp and paramVjp of one population of N neurons, each called in a
//    loop for about 0.1 s, median of 5 rounds (ns per call), hand-written and derived alternately.
// 2. Whole gradients: the adjoint gradient of examples/lif-poly-bump.json and
//    examples/qif-raised-cosine.json (10 neurons, 100 ms, rtol 1e-10; median of 5 rounds) and of
//    the same networks grown to 80 recurrent neurons (50 ms, rtol 1e-8; median of 3 rounds), with
//    each neuron, the two alternated. About a minute and a half on a quiet 2-core machine.
// Times are CPU times of this process (user + system), which a busy machine disturbs less than
// the wall clock. Prints the ratios (equations / hand-written: 1 is the same speed). A
// measurement, not a test.
import 'reflect-metadata'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Container } from 'inversify'
import { adjointGradient, composeNetworkConfig, decodeNetworkConfig, getOrThrow, networkProblem, Rng } from '@spikegrad/core'
import { GatesModule } from '@spikegrad/gates'
import { LossesModule } from '@spikegrad/losses'
import { lifNeuron, LifNeuronModule } from '@spikegrad/neuron-lif'
import { qifNeuron, QifNeuronModule } from '@spikegrad/neuron-qif'
import { equationNeuron, EquationNeuronModule, lifEquations, thetaEquations } from '@spikegrad/neuron-equations'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** CPU time of this process in ns (user + system): steadier than the wall clock on a machine shared with other jobs. */
function cpuNs() {
  const u = process.cpuUsage()
  return (u.user + u.system) * 1000
}

/** CPU ns per call of `f`, calibrated to ~0.1 s per round. */
function nsPerCall(f) {
  let n = 1
  for (;;) {
    const t0 = cpuNs()
    for (let i = 0; i < n; i++) f()
    const dt = cpuNs() - t0
    if (dt > 1e8) return dt / n
    n *= 2
  }
}

function kernels(name, hand, eq, N, range) {
  const rng = new Rng(1)
  const S = hand.stateNames.length
  const x = Float64Array.from({ length: S * N }, () => rng.between(range[0], range[1]))
  const I = Float64Array.from({ length: N }, () => rng.between(-1, 2))
  const lam = Float64Array.from({ length: S * N }, () => rng.between(-1, 1))
  const out = new Float64Array(S * N)
  const outI = new Float64Array(N)
  const acc = new Float64Array(hand.parameters.length)
  const p = hand.defaults
  const calls = {
    rhs: (n) => () => n.rhs(p, N, x, I, out),
    vjp: (n) => () => n.vjp(p, N, x, I, lam, out, outI),
    paramVjp: (n) => () => n.paramVjp(p, N, x, I, lam, 1, acc),
  }
  for (const [fn, call] of Object.entries(calls)) {
    const h = []
    const e = []
    for (let r = 0; r < 5; r++) {
      h.push(nsPerCall(call(hand)))
      e.push(nsPerCall(call(eq)))
    }
    console.log(`${name.padEnd(6)} N=${String(N).padEnd(5)} ${fn.padEnd(9)} hand ${median(h).toFixed(0).padStart(7)} ns   equations ${median(e).toFixed(0).padStart(7)} ns   ratio ${(median(e) / median(h)).toFixed(2)}`)
  }
}

const gradientsOnly = process.argv.slice(2).includes('--gradients')
for (const arg of process.argv.slice(2)) {
  if (arg !== '--gradients') {
    console.error(`bench-equations: unknown argument ${JSON.stringify(arg)}; the only option is --gradients (the whole gradients, without the kernels)`)
    process.exit(2)
  }
}

if (!gradientsOnly) {
  console.log('1. kernels (CPU ns per call, median of 5)')
  for (const N of [10, 80, 1000]) {
    kernels('LIF', lifNeuron(), equationNeuron(lifEquations), N, [-1, 2])
    kernels('theta', qifNeuron(), equationNeuron(thetaEquations), N, [-Math.PI, Math.PI])
  }
}

const container = new Container()
for (const m of [LifNeuronModule, QifNeuronModule, EquationNeuronModule, GatesModule, LossesModule]) container.load(m)

/** The example's configuration with its neuron (hand-written or as equations), optionally grown to N neurons. */
function problemOf(example, neuron, N) {
  const config = JSON.parse(readFileSync(join(root, 'examples', `${example}.json`), 'utf8'))
  const pop = config.populations[0]
  pop.neuron = neuron
  if (N !== undefined) {
    config.duration = 50
    config.solver = { rtol: 1e-8, atol: 1e-10 }
    const rng = new Rng(7)
    const n0 = pop.size
    pop.size = N
    const x0 = pop.initialState.slice(0, n0)
    pop.initialState = [...Array.from({ length: N }, (_, j) => x0[j % n0]), ...new Array(N).fill(0)]
    const w = config.weights
    w['hidden<-input'] = Array.from({ length: N }, (_, j) => w['hidden<-input'][j % n0])
    w['hidden<-hidden'] = Array.from({ length: N }, () => Array.from({ length: N }, () => rng.normal() * 0.3 * Math.sqrt(10 / N)))
    w['bias:hidden'] = Array.from({ length: N }, (_, j) => w['bias:hidden'][j % n0])
    w['readout<-hidden'] = w['readout<-hidden'].map((row) => Array.from({ length: N }, (_, j) => row[j % n0] * Math.sqrt(10 / N)))
  }
  const c = getOrThrow(composeNetworkConfig(container, getOrThrow(decodeNetworkConfig(config))))
  return { problem: networkProblem(c.network, c.trial), initial: c.initialValue, solve: c.solve }
}

console.log('\n2. whole adjoint gradients (CPU ms, median of 5 at N = 10, of 3 at N = 80)')
for (const [example, name, definition, params] of [
  ['lif-poly-bump', 'lif', lifEquations, { tau_m: 10, v_th: 1, v_reset: 0 }],
  ['qif-raised-cosine', 'qif', thetaEquations, { tau_v: 2 }],
]) {
  for (const N of [undefined, 80]) {
    const hand = problemOf(example, { name, params }, N)
    const eq = problemOf(example, { name: 'equations', params, options: JSON.parse(JSON.stringify(definition)) }, N)
    const time = (c) => {
      const t0 = cpuNs()
      const g = getOrThrow(adjointGradient(c.problem, c.initial, c.solve))
      return [(cpuNs() - t0) / 1e6, g.loss]
    }
    const h = []
    const e = []
    let same = true
    for (let r = 0; r < (N === undefined ? 5 : 3); r++) {
      const [th, lh] = time(hand)
      const [te, le] = time(eq)
      h.push(th)
      e.push(te)
      same &&= Math.abs(lh - le) <= 1e-12 * Math.abs(lh)
    }
    console.log(`${example.padEnd(18)} N=${String(N ?? 10).padEnd(4)} hand ${median(h).toFixed(0).padStart(6)} ms   equations ${median(e).toFixed(0).padStart(6)} ms   ratio ${(median(e) / median(h)).toFixed(2)}   same loss: ${same}`)
  }
}
