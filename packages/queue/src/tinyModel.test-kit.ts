/** A tiny XOR model for the queue tests: 8 QIF neurons, trials of at most 50 ms. */
export const tinyXorSpec = (seed = 5) => ({
  plugins: ['@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/losses', '@spikegrad/task-xor'],
  task: {
    name: 'xor',
    params: { pulseWidth: 5, firstPulseMin: 2, firstPulseMax: 5, pulseDelayMin: 10, pulseDelayMax: 15, cueDelayMin: 10, cueDelayMax: 15, responseWindow: 10 },
  },
  neuron: { name: 'qif' },
  gate: { name: 'raised-cosine', width: 0.6 * Math.PI },
  sizes: { neurons: 8 },
  tauS: 10,
  seed,
  solver: { rtol: 1e-4, atol: 1e-6 },
  training: { batchSize: 4, schedule: { kind: 'constant', lr: 0.05 } },
})
