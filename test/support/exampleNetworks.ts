import { Rng, type NetworkConfig } from '@spikegrad/core'

/**
 * The two check networks shipped as examples/*.json (N = 10, 2 inputs, 2 readouts, 100 ms),
 * generated here from a fixed seed so that the files and the way they were made travel
 * together (`npm run examples` rewrites them; a test checks they are unchanged).
 */
export function exampleNetwork(kind: 'qif-raised-cosine' | 'lif-poly-bump'): NetworkConfig {
  const rng = new Rng(kind === 'qif-raised-cosine' ? 2018 : 2019)
  const N = 10
  const Nin = 2
  const Nout = 2
  const T = 100
  const dt = 1
  const round = (x: number): number => Number(x.toPrecision(12))
  const matrix = (R: number, C: number, sd: number): number[][] =>
    Array.from({ length: R }, () => Array.from({ length: C }, () => round(sd * rng.normal())))
  const qif = kind === 'qif-raised-cosine'
  const W = matrix(N, N, qif ? 0.4 : 0.3)
  const U = matrix(N, Nin, qif ? 0.8 : 0.5)
  const b = Array.from({ length: N }, () => round(qif ? rng.between(-0.1, 0.5) : rng.between(1.1, 1.6)))
  const O = matrix(Nout, N, 0.3)
  const times = Array.from({ length: T / dt + 1 }, (_, k) => k * dt)
  const input = times.map((t) => [round(0.6 * Math.sin((2 * Math.PI * t) / 50)), round(0.6 * Math.cos((2 * Math.PI * t) / 31))])
  const target = times.map((t) => [round(0.4 * Math.sin((2 * Math.PI * (t - 10)) / 50)), round(0.3 * Math.cos((2 * Math.PI * t) / 31))])
  const x0 = Array.from({ length: N }, () => round(qif ? rng.between(-Math.PI, Math.PI) : rng.between(0, 0.9)))
  return {
    format: 'spikegrad-network/1',
    plugins: ['@spikegrad/neuron-qif', '@spikegrad/neuron-lif', '@spikegrad/gates', '@spikegrad/losses'],
    neuron: qif ? { name: 'qif', params: { tau_v: 2 } } : { name: 'lif', params: { tau_m: 10, v_th: 1, v_reset: 0 } },
    gate: qif ? { name: 'raised-cosine', width: round(0.6 * Math.PI) } : { name: 'poly-bump', width: 0.2 },
    losses: [{ name: 'mse' }],
    sizes: { inputs: Nin, neurons: N, outputs: Nout },
    tauS: 10,
    weights: { U, W, b, O },
    initialState: [...x0, ...Array.from({ length: N }, () => 0)],
    duration: T,
    input: { dt, values: input },
    target: { dt, values: target },
    solver: { rtol: 1e-10, atol: 1e-12 },
  }
}
