import { connectivityPattern, type NetworkConfig, type ParameterInit, patternCoordinates, perNeuronValues, Rng } from '@spikegrad/core'
import { adexEquations, izhikevichEquations } from '@spikegrad/neuron-equations'

/** The check networks shipped as examples/*.json. */
export const exampleKinds = ['qif-raised-cosine', 'lif-poly-bump', 'feedforward-lif', 'ei-dale', 'sparse-qif', 'izhikevich-equations', 'adex-equations', 'ttfs-lif', 'delays-ff', 'heterogeneous-lif'] as const
export type ExampleKind = (typeof exampleKinds)[number]

/**
 * The check networks shipped as examples/*.json, generated here from fixed seeds so that the
 * files and the way they were made travel together (`npm run examples` rewrites them; a test
 * checks they are unchanged). Each is small enough for a gradient check of every entry:
 * - `qif-raised-cosine`, `lif-poly-bump`: one recurrent population of 10 neurons, 2 analog
 *   inputs, 2 readouts, 100 ms (the networks of every earlier version, same numbers);
 * - `feedforward-lif`: 5 spike-train inputs → 10 LIF → 2 LIF, no recurrence, readout from the
 *   output population, 60 ms;
 * - `ei-dale`: 8 excitatory theta neurons and 4 inhibitory LIF neurons, recurrent within and
 *   between, under Dale's law, the excitatory recurrence masked (no self-connections, ~30 %
 *   of pairs missing), different tau_s per population, 80 ms;
 * - `sparse-qif`: 40 theta neurons, recurrence drawn at connection probability 0.1, 80 ms;
 * - `izhikevich-equations`: 8 Izhikevich neurons written as equations (`@spikegrad/neuron-equations`,
 *   the definition in the file's `options`), recurrent, their a, b, c and d trained, 100 ms;
 * - `adex-equations`: 5 AdEx neurons written as equations in the shorthand `"neuron": {
 *   "equations": […], … }`, recurrent, their a and b trained, 100 ms;
 * - `ttfs-lif`: time to first spike — 5 spike inputs (a Yin-Yang point's encoding) → 8 LIF → 3 LIF,
 *   the first-spike cross-entropy on the output population's first resets, 30 ms;
 * - `delays-ff`: 5 spike inputs → 4 LIF → 2 LIF with trained synaptic delays (0.5–4 ms) on both
 *   projections, the readout from the output population, 60 ms (solved by its structure);
 * - `heterogeneous-lif`: 4 spike inputs → 6 LIF → 2 LIF whose neurons each have their own tau_m
 *   (a log-normal rule), v_th (a list) and tau_s (a uniform rule), all trained, 40 ms.
 */
export function exampleNetwork(kind: ExampleKind): NetworkConfig {
  switch (kind) {
    case 'qif-raised-cosine':
    case 'lif-poly-bump':
      return recurrentExample(kind)
    case 'feedforward-lif':
      return feedforwardExample()
    case 'ei-dale':
      return eiDaleExample()
    case 'sparse-qif':
      return sparseExample()
    case 'ttfs-lif':
      return ttfsExample()
    case 'izhikevich-equations':
      return izhikevichExample()
    case 'adex-equations':
      return adexExample()
    case 'delays-ff':
      return delaysExample()
    case 'heterogeneous-lif':
      return heterogeneousExample()
  }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const plugins = ['@spikegrad/neuron-qif', '@spikegrad/neuron-lif', '@spikegrad/gates', '@spikegrad/losses']
const solver = { rtol: 1e-10, atol: 1e-12 }
const round = (x: number): number => Number(x.toPrecision(12))
const matrix = (rng: Rng, R: number, C: number, sd: number, mean = 0): number[][] =>
  Array.from({ length: R }, () => Array.from({ length: C }, () => round(mean + sd * rng.normal())))
const grid = (T: number, dt: number): number[] => Array.from({ length: T / dt + 1 }, (_, k) => k * dt)

/** The two networks of earlier versions, in format 2, with the same numbers (same draws in the same order). */
function recurrentExample(kind: 'qif-raised-cosine' | 'lif-poly-bump'): NetworkConfig {
  const rng = new Rng(kind === 'qif-raised-cosine' ? 2018 : 2019)
  const N = 10
  const T = 100
  const dt = 1
  const qif = kind === 'qif-raised-cosine'
  const W = matrix(rng, N, N, qif ? 0.4 : 0.3)
  const U = matrix(rng, N, 2, qif ? 0.8 : 0.5)
  const b = Array.from({ length: N }, () => round(qif ? rng.between(-0.1, 0.5) : rng.between(1.1, 1.6)))
  const O = matrix(rng, 2, N, 0.3)
  const times = grid(T, dt)
  const input = times.map((t) => [round(0.6 * Math.sin((2 * Math.PI * t) / 50)), round(0.6 * Math.cos((2 * Math.PI * t) / 31))])
  const target = times.map((t) => [round(0.4 * Math.sin((2 * Math.PI * (t - 10)) / 50)), round(0.3 * Math.cos((2 * Math.PI * t) / 31))])
  const x0 = Array.from({ length: N }, () => round(qif ? rng.between(-Math.PI, Math.PI) : rng.between(0, 0.9)))
  return {
    format: 'spikegrad-network/2',
    plugins,
    inputs: [{ name: 'input', kind: 'analog', size: 2 }],
    populations: [
      {
        name: 'hidden',
        size: N,
        neuron: qif ? { name: 'qif', params: { tau_v: 2 } } : { name: 'lif', params: { tau_m: 10, v_th: 1, v_reset: 0 } },
        gate: qif ? { name: 'raised-cosine', width: round(0.6 * Math.PI) } : { name: 'poly-bump', width: 0.2 },
        tauS: 10,
        initialState: [...x0, ...new Array<number>(N).fill(0)],
      },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'hidden' },
    ],
    readout: { size: 2, from: ['hidden'] },
    losses: [{ name: 'mse' }],
    weights: { 'hidden<-input': U, 'hidden<-hidden': W, 'bias:hidden': b, 'readout<-hidden': O },
    duration: T,
    input: { dt, values: input },
    target: { dt, values: target },
    solver,
  }
}

/** 5 spike inputs → 4 LIF → 2 LIF with a trained synaptic delay on every entry of both projections. */
function delaysExample(): NetworkConfig {
  const rng = new Rng(2026)
  const T = 60
  const dt = 1
  const H = 4
  const C = 5
  const spikes = Array.from({ length: C }, () => {
    const n = 2 + rng.int(3)
    return Array.from({ length: n }, () => round(rng.between(1, 45))).sort((a, b) => a - b)
  })
  const uniform = (R: number, Cn: number, lo: number, hi: number): number[][] => Array.from({ length: R }, () => Array.from({ length: Cn }, () => round(rng.between(lo, hi))))
  const U = uniform(H, C, 1, 5)
  const V = uniform(2, H, 1.5, 4)
  const bHidden = Array.from({ length: H }, () => round(rng.between(0.5, 0.9)))
  const bOut = Array.from({ length: 2 }, () => round(rng.between(0.5, 0.9)))
  const O = matrix(rng, 2, 2, 0.5, 1)
  const dU = uniform(H, C, 0.5, 4)
  const dV = uniform(2, H, 0.5, 4)
  const times = grid(T, dt)
  const target = times.map((t) => [round(0.05 + 0.04 * Math.sin((2 * Math.PI * t) / 40)), round(0.05 + 0.04 * Math.cos((2 * Math.PI * t) / 25))])
  const lif = { name: 'lif', params: { tau_m: 10, v_th: 1, v_reset: 0 } }
  const delay = { kind: 'synaptic' as const, init: { kind: 'uniform' as const, min: 0.5, max: 4 }, max: 20 }
  return {
    format: 'spikegrad-network/2',
    plugins,
    inputs: [{ name: 'input', kind: 'spikes', size: C, tauS: 5 }],
    populations: [
      { name: 'hidden', size: H, neuron: lif, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5 },
      { name: 'output', size: 2, neuron: lif, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5 },
    ],
    projections: [
      { from: 'input', to: 'hidden', delay },
      { from: 'hidden', to: 'output', delay },
    ],
    readout: { size: 2, from: ['output'] },
    losses: [{ name: 'mse' }],
    weights: {
      'hidden<-input': U,
      'output<-hidden': V,
      'bias:hidden': bHidden,
      'bias:output': bOut,
      'readout<-output': O,
      'delay:hidden<-input': dU,
      'delay:output<-hidden': dV,
    },
    duration: T,
    spikes,
    target: { dt, values: target },
    solver,
  }
}

/** 5 spike inputs → 10 LIF → 2 LIF; the readout reads the output population's traces. */
function feedforwardExample(): NetworkConfig {
  const rng = new Rng(2020)
  const T = 60
  const dt = 1
  const H = 10
  const C = 5
  // every channel spikes two to four times, the first time early enough to drive the network
  const spikes = Array.from({ length: C }, () => {
    const n = 2 + rng.int(3)
    return Array.from({ length: n }, () => round(rng.between(1, 45))).sort((a, b) => a - b)
  })
  const U = matrix(rng, H, C, 1.5, 2.5)
  const bHidden = Array.from({ length: H }, () => round(rng.between(0.5, 0.9)))
  const V = matrix(rng, 2, H, 1.2, 2)
  const bOut = Array.from({ length: 2 }, () => round(rng.between(0.6, 0.9)))
  const O = matrix(rng, 2, 2, 0.5, 1)
  const times = grid(T, dt)
  const target = times.map((t) => [round(0.05 + 0.04 * Math.sin((2 * Math.PI * t) / 40)), round(0.05 + 0.04 * Math.cos((2 * Math.PI * t) / 25))])
  const lif = { name: 'lif', params: { tau_m: 10, v_th: 1, v_reset: 0 } }
  return {
    format: 'spikegrad-network/2',
    plugins,
    inputs: [{ name: 'input', kind: 'spikes', size: C, tauS: 5 }],
    populations: [
      { name: 'hidden', size: H, neuron: lif, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5 },
      { name: 'output', size: 2, neuron: lif, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5 },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'output' },
    ],
    readout: { size: 2, from: ['output'] },
    losses: [{ name: 'mse' }],
    weights: { 'hidden<-input': U, 'output<-hidden': V, 'bias:hidden': bHidden, 'bias:output': bOut, 'readout<-output': O },
    duration: T,
    spikes,
    target: { dt, values: target },
    solver,
  }
}

/** Excitatory theta and inhibitory LIF populations under Dale's law, the excitatory recurrence masked. */
function eiDaleExample(): NetworkConfig {
  const rng = new Rng(2021)
  const E = 8
  const I = 4
  const T = 80
  const dt = 1
  const mask = Array.from({ length: E }, (_, j) => Array.from({ length: E }, (_, k) => (j !== k && rng.uniform() < 0.7 ? 1 : 0)))
  const positive = (R: number, C: number, scale: number): number[][] => Array.from({ length: R }, () => Array.from({ length: C }, () => round(scale * (0.2 + rng.uniform()))))
  const Ein = matrix(rng, E, 2, 0.8)
  const Iin = matrix(rng, I, 2, 0.5)
  const EE = positive(E, E, 0.4).map((row, j) => row.map((w, k) => (mask[j]![k] === 1 ? w : 0)))
  const EI = positive(E, I, 0.6).map((row) => row.map((w) => -w))
  const IE = positive(I, E, 0.5)
  const II = positive(I, I, 0.3).map((row) => row.map((w) => -w))
  const bE = Array.from({ length: E }, () => round(rng.between(-0.1, 0.4)))
  const bI = Array.from({ length: I }, () => round(rng.between(0.9, 1.3)))
  const OE = matrix(rng, 2, E, 0.3)
  const OI = matrix(rng, 2, I, 0.3)
  const theta0 = Array.from({ length: E }, () => round(rng.between(-Math.PI, Math.PI)))
  const v0 = Array.from({ length: I }, () => round(rng.between(0, 0.9)))
  const times = grid(T, dt)
  const input = times.map((t) => [round(0.6 * Math.sin((2 * Math.PI * t) / 45)), round(0.6 * Math.cos((2 * Math.PI * t) / 29))])
  const target = times.map((t) => [round(0.3 * Math.sin((2 * Math.PI * (t - 8)) / 45)), round(0.2 * Math.cos((2 * Math.PI * t) / 29))])
  const entries = (W: number[][]): number[][] => W.flatMap((row, j) => row.flatMap((w, k) => (mask[j]![k] === 1 ? [[j, k, w]] : [])))
  return {
    format: 'spikegrad-network/2',
    plugins,
    inputs: [{ name: 'input', kind: 'analog', size: 2 }],
    populations: [
      {
        name: 'exc',
        size: E,
        neuron: { name: 'qif', params: { tau_v: 2 } },
        gate: { name: 'raised-cosine', width: round(0.6 * Math.PI) },
        tauS: 10,
        sign: 'excitatory',
        initialState: [...theta0, ...new Array<number>(E).fill(0)],
      },
      {
        name: 'inh',
        size: I,
        neuron: { name: 'lif', params: { tau_m: 8, v_th: 1, v_reset: 0 } },
        gate: { name: 'poly-bump', width: 0.2 },
        tauS: 5,
        sign: 'inhibitory',
        initialState: [...v0, ...new Array<number>(I).fill(0)],
      },
    ],
    projections: [
      { from: 'input', to: 'exc' },
      { from: 'input', to: 'inh' },
      { from: 'exc', to: 'exc', connectivity: { mask }, dale: true },
      { from: 'inh', to: 'exc', dale: true },
      { from: 'exc', to: 'inh', dale: true },
      { from: 'inh', to: 'inh', dale: true },
    ],
    readout: { size: 2, from: ['exc', 'inh'] },
    losses: [{ name: 'mse' }],
    weights: {
      'exc<-input': Ein,
      'inh<-input': Iin,
      'exc<-exc': entries(EE),
      'exc<-inh': EI,
      'inh<-exc': IE,
      'inh<-inh': II,
      'bias:exc': bE,
      'bias:inh': bI,
      'readout<-exc': OE,
      'readout<-inh': OI,
    },
    duration: T,
    input: { dt, values: input },
    target: { dt, values: target },
    solver,
  }
}

/** 40 theta neurons whose recurrence exists at probability 0.1 (seed 7). */
function sparseExample(): NetworkConfig {
  const rng = new Rng(2022)
  const N = 40
  const T = 80
  const dt = 1
  const U = matrix(rng, N, 2, 0.8)
  const b = Array.from({ length: N }, () => round(rng.between(-0.2, 0.4)))
  const O = matrix(rng, 2, N, 0.2)
  const x0 = Array.from({ length: N }, () => round(rng.between(-Math.PI, Math.PI)))
  // the pattern is drawn by core from { probability: 0.1, seed: 7 }; the weights of its entries here
  const pattern = connectivityPattern({ probability: 0.1, seed: 7 }, N, N)
  if (Array.isArray(pattern)) throw new Error('sparse-qif: the pattern could not be drawn')
  const { row, col } = patternCoordinates(pattern)
  const W = Array.from(row, (j, e) => [j, col[e]!, round(0.6 * rng.normal())])
  const times = grid(T, dt)
  const input = times.map((t) => [round(0.6 * Math.sin((2 * Math.PI * t) / 50)), round(0.6 * Math.cos((2 * Math.PI * t) / 31))])
  const target = times.map((t) => [round(0.4 * Math.sin((2 * Math.PI * (t - 10)) / 50)), round(0.3 * Math.cos((2 * Math.PI * t) / 31))])
  return {
    format: 'spikegrad-network/2',
    plugins,
    inputs: [{ name: 'input', kind: 'analog', size: 2 }],
    populations: [
      {
        name: 'hidden',
        size: N,
        neuron: { name: 'qif', params: { tau_v: 2 } },
        gate: { name: 'raised-cosine', width: round(0.6 * Math.PI) },
        tauS: 10,
        initialState: [...x0, ...new Array<number>(N).fill(0)],
      },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'hidden', connectivity: { probability: 0.1, seed: 7 } },
    ],
    readout: { size: 2, from: ['hidden'] },
    losses: [{ name: 'mse' }],
    weights: { 'hidden<-input': U, 'hidden<-hidden': W, 'bias:hidden': b, 'readout<-hidden': O },
    duration: T,
    input: { dt, values: input },
    target: { dt, values: target },
    solver,
  }
}


/** 8 Izhikevich neurons written as equations (v in mV, I in mV/ms), recurrent, a gate 4 mV wide below the 30 mV peak. */
function izhikevichExample(): NetworkConfig {
  const rng = new Rng(2026)
  const N = 8
  const T = 100
  const dt = 1
  const U = matrix(rng, N, 2, 4)
  const W = matrix(rng, N, N, 15)
  const b = Array.from({ length: N }, () => round(rng.between(4, 10)))
  const O = matrix(rng, 2, N, 0.3)
  const v0 = Array.from({ length: N }, () => round(rng.between(-70, -55)))
  const u0 = v0.map((v) => round(0.2 * v))
  const times = grid(T, dt)
  const input = times.map((t) => [round(Math.sin((2 * Math.PI * t) / 50)), round(Math.cos((2 * Math.PI * t) / 31))])
  const target = times.map((t) => [round(0.3 * Math.sin((2 * Math.PI * (t - 10)) / 50)), round(0.2 * Math.cos((2 * Math.PI * t) / 31))])
  const trained = ['a', 'b', 'c', 'd'] as const
  const params = { a: 0.02, b: 0.2, c: -65, d: 8 }
  return {
    format: 'spikegrad-network/2',
    plugins: ['@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses'],
    inputs: [{ name: 'input', kind: 'analog', size: 2 }],
    populations: [
      {
        name: 'hidden',
        size: N,
        neuron: { name: 'equations', params, options: JSON.parse(JSON.stringify(izhikevichEquations)) as Record<string, unknown> },
        gate: { name: 'poly-bump', width: 4 },
        tauS: 10,
        train: { params: [...trained] },
        initialState: [...v0, ...u0, ...new Array<number>(N).fill(0)],
      },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'hidden' },
    ],
    readout: { size: 2, from: ['hidden'] },
    losses: [{ name: 'mse' }],
    weights: { 'hidden<-input': U, 'hidden<-hidden': W, 'bias:hidden': b, 'readout<-hidden': O, ...Object.fromEntries(trained.map((k) => [`${k}:hidden`, params[k]])) },
    duration: T,
    input: { dt, values: input },
    target: { dt, values: target },
    solver,
  }
}

/**
 * 5 AdEx neurons (Brette & Gerstner 2005: v in mV, I in pA, t in ms) written as equations in the
 * configuration itself — the shorthand `"neuron": { "equations": […], "threshold", "reset",
 * "parameters", "voltage", "initial" }` —, recurrent, a and b trained. The spike is cut at
 * −45 mV, where the exponential upswing is already under way, and the gate lies 4 mV below.
 */
function adexExample(): NetworkConfig {
  const rng = new Rng(2005)
  const N = 5
  const T = 100
  const dt = 1
  const U = matrix(rng, N, 2, 150)
  const W = matrix(rng, N, N, 150)
  const b = Array.from({ length: N }, () => round(rng.between(700, 1000)))
  const O = matrix(rng, 2, N, 0.3)
  const v0 = Array.from({ length: N }, () => round(rng.between(-70, -60)))
  const times = grid(T, dt)
  const input = times.map((t) => [round(Math.sin((2 * Math.PI * t) / 50)), round(Math.cos((2 * Math.PI * t) / 31))])
  const target = times.map((t) => [round(0.3 * Math.sin((2 * Math.PI * (t - 10)) / 50)), round(0.2 * Math.cos((2 * Math.PI * t) / 31))])
  const neuron = JSON.parse(JSON.stringify({ ...adexEquations, parameters: { ...adexEquations.parameters, v_peak: { value: -45, unit: 'mV', description: 'spike cut-off' } } })) as {
    equations: string[]
  }
  return {
    format: 'spikegrad-network/2',
    plugins: ['@spikegrad/neuron-equations', '@spikegrad/gates', '@spikegrad/losses'],
    inputs: [{ name: 'input', kind: 'analog', size: 2 }],
    populations: [
      {
        name: 'hidden',
        size: N,
        neuron,
        gate: { name: 'poly-bump', width: 4 },
        tauS: 10,
        train: { params: ['a', 'b'] },
        initialState: [...v0, ...new Array<number>(2 * N).fill(0)],
      },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'hidden' },
    ],
    readout: { size: 2, from: ['hidden'] },
    losses: [{ name: 'mse' }],
    weights: { 'hidden<-input': U, 'hidden<-hidden': W, 'bias:hidden': b, 'readout<-hidden': O, 'a:hidden': 4, 'b:hidden': 80.5 },
    duration: T,
    input: { dt, values: input },
    target: { dt, values: target },
    solver,
  }
}

/**
 * 5 spike inputs → 8 LIF → 3 LIF, trained by the first-spike cross-entropy on the output
 * population (EventProp's Yin-Yang loss): the inputs are a Yin-Yang point's encoding (x, y, 1 − x,
 * 1 − y at feature × 10 ms, a bias spike at 0), the label 1. Two output neurons fire, one stays
 * silent (its stand-in time is read from its voltage at T); the readout is frozen (the loss reads
 * no readout).
 */
function ttfsExample(): NetworkConfig {
  const rng = new Rng(2022)
  const T = 30
  const H = 8
  const x = 0.3
  const y = 0.65
  const spikes = [[x * 10], [y * 10], [(1 - x) * 10], [(1 - y) * 10], [0]].map((s) => s.map(round))
  const U = matrix(rng, H, 5, 1.5, 5)
  const bHidden = Array.from({ length: H }, () => round(rng.between(0.3, 0.7)))
  const V = matrix(rng, 3, H, 0.8, 2)
  // the third output neuron's input weaker: it stays silent
  V[2] = V[2]!.map((w) => round(0.6 * w))
  const bOut = Array.from({ length: 3 }, () => round(rng.between(0.2, 0.5)))
  const lif = { name: 'lif', params: { tau_m: 10, v_th: 1, v_reset: 0 } }
  return {
    format: 'spikegrad-network/2',
    plugins,
    inputs: [{ name: 'input', kind: 'spikes', size: 5, tauS: 5 }],
    populations: [
      { name: 'hidden', size: H, neuron: lif, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5 },
      { name: 'output', size: 3, neuron: lif, gate: { name: 'poly-bump', width: 0.2 }, tauS: 5 },
    ],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'output' },
    ],
    readout: { size: 3, from: ['output'], trained: false },
    losses: [{ name: 'first-spike-cross-entropy', params: { tau0: 2, tau1: 10, alpha: 0.01 }, options: { population: 'output' } }],
    weights: { 'hidden<-input': U, 'output<-hidden': V, 'bias:hidden': bHidden, 'bias:output': bOut, 'readout<-output': [[1, 0, 0], [0, 1, 0], [0, 0, 1]] },
    duration: T,
    spikes,
    target: { dt: T, values: [[0, 1, 0], [0, 1, 0]] },
    solver,
  }
}

/**
 * Per-neuron parameters (DESIGN §9): 4 spike inputs → 6 LIF → 2 LIF, each neuron with its own
 * membrane time constant (log-normal around 10 ms), threshold (listed) and synaptic time constant
 * (uniform on [4, 6) ms), all trained; θ starts at the values the rules draw.
 */
function heterogeneousExample(): NetworkConfig {
  const rng = new Rng(2023)
  const T = 40
  const dt = 1
  const H = 6
  const C = 4
  const spikes = Array.from({ length: C }, () => {
    const n = 2 + rng.int(2)
    return Array.from({ length: n }, () => round(rng.between(1, 30))).sort((a, b) => a - b)
  })
  const U = matrix(rng, H, C, 1.5, 2.5)
  const bHidden = Array.from({ length: H }, () => round(rng.between(0.5, 0.9)))
  const V = matrix(rng, 2, H, 1.2, 2)
  const bOut = Array.from({ length: 2 }, () => round(rng.between(0.6, 0.9)))
  const O = matrix(rng, 2, 2, 0.5, 1)
  const target = grid(T, dt).map((t) => [round(0.05 + 0.04 * Math.sin((2 * Math.PI * t) / 30)), round(0.05 + 0.04 * Math.cos((2 * Math.PI * t) / 20))])
  const population = (name: string, N: number) => {
    const tauM: ParameterInit = { kind: 'log-normal', median: 10, sigma: 0.3 }
    const tauS: ParameterInit = { kind: 'uniform', min: 4, max: 6 }
    const vTh = Array.from({ length: N }, () => round(rng.between(0.9, 1.1)))
    return {
      description: {
        name,
        size: N,
        neuron: { name: 'lif', params: { tau_m: tauM, v_th: vTh, v_reset: 0 } },
        gate: { name: 'poly-bump', width: 0.2 },
        tauS,
        train: { tauS: true, params: ['tau_m', 'v_th'] },
      },
      weights: {
        [`tau_s:${name}`]: Array.from(perNeuronValues(tauS, N, `${name}/tau_s`)),
        [`tau_m:${name}`]: Array.from(perNeuronValues(tauM, N, `${name}/tau_m`)),
        [`v_th:${name}`]: vTh,
      },
    }
  }
  const hidden = population('hidden', H)
  const output = population('output', 2)
  return {
    format: 'spikegrad-network/2',
    plugins,
    inputs: [{ name: 'input', kind: 'spikes', size: C, tauS: 5 }],
    populations: [hidden.description, output.description],
    projections: [
      { from: 'input', to: 'hidden' },
      { from: 'hidden', to: 'output' },
    ],
    readout: { size: 2, from: ['output'] },
    losses: [{ name: 'mse' }],
    weights: { 'hidden<-input': U, 'output<-hidden': V, 'bias:hidden': bHidden, 'bias:output': bOut, 'readout<-output': O, ...hidden.weights, ...output.weights },
    duration: T,
    spikes,
    target: { dt, values: target },
    solver,
  }
}
