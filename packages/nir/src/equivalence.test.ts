import { writeFile } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { simulate } from '@spikegrad/core'
import { loadNetworkConfig } from '@spikegrad/node'
import { nirToNetwork, type NirGraph } from './index.js'
import { filled } from './nirGraph.js'

/**
 * A NIR graph simulated two ways: imported into spikegrad with a narrow gate (the adjoint
 * solver's forward pass, to tight tolerances), and read as NIR defines its nodes — CubaLIF
 * tau_syn dI/dt = −I + w_in S, tau_mem dv/dt = (v_leak − v) + r I, a spike and a reset when v
 * crosses v_threshold, S a sum of Dirac pulses weighted by the Linear node — with a plain Euler
 * loop here. The gated synapse delivers each spike's unit of charge while v crosses the zone
 * [v_th − w, v_th], about (w/2)/v' before the threshold, so spike times differ by a few such
 * shifts; the difference must shrink with the width.
 */

// 2 spike inputs → hidden (3, recurrent) → out (2) → LI → Output
const W_in = [[9.6, 3.2], [2.4, 12], [7.2, 7.2]]
const W_rec = [[0, -1.2, 0.8], [1, 0, -0.8], [0.4, 1.2, 0]]
const W_out = [[6.4, 4.8, 1.6], [0.8, 5.6, 7.2]]
const O = [[1, -0.5], [0.25, 2]]
const tauSyn = 5
const tauMem = 10
const vLeak = { hidden: [0.3, 0.2, 0.1], out: [0.05, 0.1] }
const inputSpikes = [[5, 12, 20, 21, 40, 41, 42, 60, 75], [8, 9, 10, 30, 31, 50, 70, 71, 72]]
const T = 100

const matrix = (rows: number[][]) => ({ shape: [rows.length, rows[0]!.length], data: Float64Array.from(rows.flat()) })
const cuba = (leak: number[]) => ({
  type: 'CubaLIF' as const,
  tau_syn: filled(leak.length, tauSyn),
  tau_mem: filled(leak.length, tauMem),
  r: filled(leak.length, 1),
  v_leak: { shape: [leak.length], data: Float64Array.from(leak) },
  v_threshold: filled(leak.length, 1),
  v_reset: filled(leak.length, 0),
  w_in: filled(leak.length, 1),
})
const graph: NirGraph = {
  nodes: {
    input: { type: 'Input', shape: [2] },
    fc_in: { type: 'Linear', weight: matrix(W_in) },
    hidden: cuba(vLeak.hidden),
    fc_rec: { type: 'Linear', weight: matrix(W_rec) },
    fc_out: { type: 'Linear', weight: matrix(W_out) },
    out: cuba(vLeak.out),
    fc_o: { type: 'Linear', weight: matrix(O) },
    li: { type: 'LI', tau: filled(2, tauSyn), r: filled(2, 1), v_leak: filled(2, 0) },
    output: { type: 'Output', shape: [2] },
  },
  edges: [['input', 'fc_in'], ['fc_in', 'hidden'], ['hidden', 'fc_rec'], ['fc_rec', 'hidden'], ['hidden', 'fc_out'], ['fc_out', 'out'], ['out', 'fc_o'], ['fc_o', 'li'], ['li', 'output']],
}

/** NIR's equations with forward Euler (dt = 1e-4 ms); spike times interpolated inside the step. */
function eulerReference(): { spikes: number[][]; readoutAt: (t: number) => number[] } {
  const dt = 1e-4
  const layers = { hidden: { v: [0, 0, 0], I: [0, 0, 0] }, out: { v: [0, 0], I: [0, 0] } }
  const spikes: number[][] = [[], [], [], [], []]
  const li = [0, 0]
  const samples: number[][] = []
  const next = inputSpikes.map(() => 0)
  const steps = Math.round(T / dt)
  for (let k = 0; k < steps; k++) {
    const t = k * dt
    for (const [name, off, leak] of [['hidden', 0, vLeak.hidden], ['out', 3, vLeak.out]] as const) {
      const L = layers[name]
      for (let j = 0; j < L.v.length; j++) {
        const before = L.v[j]!
        L.v[j] = before + (dt / tauMem) * (leak[j]! - before + L.I[j]!)
        L.I[j] = L.I[j]! - (dt / tauSyn) * L.I[j]!
        if (L.v[j]! > 1) {
          spikes[off + j]!.push(t + dt * ((1 - before) / (L.v[j]! - before)))
          L.v[j] = 0
        }
      }
    }
    for (let j = 0; j < 2; j++) li[j] = li[j]! - (dt / tauSyn) * li[j]!
    // Dirac inputs at the end of the step: input spikes, then the spikes just emitted
    inputSpikes.forEach((train, c) => {
      while (next[c]! < train.length && train[next[c]!]! <= t + dt) {
        for (let j = 0; j < 3; j++) layers.hidden.I[j] = layers.hidden.I[j]! + W_in[j]![c]! / tauSyn
        next[c] = next[c]! + 1
      }
    })
    for (let k2 = 0; k2 < 3; k2++) {
      const s = spikes[k2]!
      if (s.length > 0 && s[s.length - 1]! > t && s[s.length - 1]! <= t + dt) {
        for (let j = 0; j < 3; j++) layers.hidden.I[j] = layers.hidden.I[j]! + W_rec[j]![k2]! / tauSyn
        for (let j = 0; j < 2; j++) layers.out.I[j] = layers.out.I[j]! + W_out[j]![k2]! / tauSyn
      }
    }
    for (let k2 = 0; k2 < 2; k2++) {
      const s = spikes[3 + k2]!
      if (s.length > 0 && s[s.length - 1]! > t && s[s.length - 1]! <= t + dt) for (let j = 0; j < 2; j++) li[j] = li[j]! + O[j]![k2]! / tauSyn
    }
    if ((k + 1) % 10000 === 0) samples.push([...li])
  }
  return { spikes, readoutAt: (t: number) => samples[Math.round(t) - 1]! }
}

async function spikegradRun(width: number) {
  const imported = nirToNetwork(graph, { gate: { name: 'poly-bump', width } })
  if (imported._tag === 'Left') throw new Error(imported.left.message)
  const config = {
    format: 'spikegrad-network/2',
    plugins: ['@spikegrad/neuron-lif', '@spikegrad/gates', '@spikegrad/losses'],
    ...imported.right.network,
    losses: [{ name: 'mse' }],
    weights: imported.right.weights,
    duration: T,
    spikes: inputSpikes,
    target: { dt: T, values: [[0, 0], [0, 0]] },
  }
  const path = join(await mkdtemp(join(tmpdir(), 'spikegrad-nir-')), 'net.json')
  await writeFile(path, JSON.stringify(config))
  const composed = await loadNetworkConfig(path)
  if (composed._tag === 'Left') throw new Error(composed.left.message)
  const sim = simulate(composed.right.network, composed.right.initialValue.theta, composed.right.trial, { dt: 1, solve: { rtol: 1e-9, atol: 1e-11, maxStep: 0.002 } })
  if (sim._tag === 'Left') throw new Error(sim.left.message)
  return sim.right
}

test('an imported CubaLIF graph with a narrow gate fires when NIR\'s threshold LIF fires (Euler reference), closer as the zone narrows', async (t) => {
  const reference = eulerReference()
  const counts = reference.spikes.map((s) => s.length)
  t.true(counts.every((n) => n >= 2), `every neuron fires in the reference: ${counts.join(', ')}`)
  const maxShift = async (width: number) => {
    const sim = await spikegradRun(width)
    t.deepEqual(sim.spikeCounts, counts, `width ${width}: the same number of spikes per neuron`)
    let worst = 0
    if (process.env.NIR_DEBUG) sim.spikes.forEach((times, i) => t.log(width, i, Array.from(times, (x, k) => `${x.toFixed(3)}/${reference.spikes[i]![k]!.toFixed(3)}`).join(' ')))
    sim.spikes.forEach((times, i) => times.forEach((time, k) => (worst = Math.max(worst, Math.abs(time - reference.spikes[i]![k]!)))))
    // the readout jumps by O/tau_syn at each output spike: compare it where no output spike of either run is within 0.5 ms
    const outputSpikes = [...reference.spikes[3]!, ...reference.spikes[4]!, ...sim.spikes[3]!, ...sim.spikes[4]!]
    let readout = 0
    for (let tk = 1; tk <= T; tk++) {
      if (outputSpikes.some((x) => Math.abs(x - tk) < 0.5)) continue
      for (let c = 0; c < 2; c++) readout = Math.max(readout, Math.abs(sim.readout.values[tk * 2 + c]! - reference.readoutAt(tk)[c]!))
    }
    return { worst, readout }
  }
  const narrow = await maxShift(0.002)
  const wide = await maxShift(0.005)
  t.log(`largest spike-time difference: ${narrow.worst.toExponential(2)} ms (width 0.002), ${wide.worst.toExponential(2)} ms (width 0.005); readout ${narrow.readout.toExponential(2)}, ${wide.readout.toExponential(2)}`)
  // the slowest threshold crossings (output neurons, v' ≈ 0.01 per ms) take (w/2)/v' ≈ 0.1 ms to pass half the zone at w = 0.002
  t.true(narrow.worst < 0.2, `width 0.002: spike times within 0.2 ms, got ${narrow.worst}`)
  t.true(narrow.worst < wide.worst * 0.7, `the difference shrinks with the zone: ${narrow.worst} (0.002) vs ${wide.worst} (0.005)`)
  t.true(narrow.readout < 0.05, `width 0.002: readout within 0.05 away from output spikes, got ${narrow.readout}`)
})
