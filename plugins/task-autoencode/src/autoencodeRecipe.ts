import type { TaskRecipe } from '@spikegrad/core'

/**
 * How `spikegrad train autoencode` trains (our choices, see the README): 40 theta neurons with
 * fast neurons and synapses, tau_v = 1 ms and tau_s = 3 ms, because the readout is a synaptic
 * trace that lags its input and every trial starts from rest (after 100 steps, nmse 0.096 with
 * tau_v 2 / tau_s 5, 0.082 with 1 / 5, 0.067 with 1 / 3 and 0.075 with 1 / 2 ms); a spike-count
 * cost of 1e-3 per spike besides the task's MSE ("as few spikes as the cost allows"); batches of
 * 8, 300 steps of Adam at 0.03; the solver bs3 at rtol 1e-4.
 */
export const autoencodeRecipe: TaskRecipe = {
  about:
    '40 theta neurons (tau_v 1 ms), raised-cosine gate of width 0.6π, tau_s 3 ms, a spike-count cost of 1e-3 per spike; ' +
    'batches of 8, 300 steps of Adam at 0.03; bs3 at rtol 1e-4',
  plugins: ['@spikegrad/neuron-qif', '@spikegrad/gates', '@spikegrad/losses'],
  network: {
    populations: [
      {
        name: 'hidden',
        size: 40,
        neuron: { name: 'qif', params: { tau_v: 1 } },
        gate: { name: 'raised-cosine', width: 0.6 * Math.PI },
        tauS: 3,
        biasInit: { kind: 'uniform', min: -0.2, max: 0.05 },
      },
    ],
    projections: [
      { from: 'input', to: 'hidden', init: { kind: 'normal', std: 1 } },
      { from: 'hidden', to: 'hidden', init: { kind: 'normal', gain: 1, diagonal: 0 } },
    ],
    readout: { from: ['hidden'], init: { kind: 'normal', gain: 1 } },
    losses: [{ name: 'spike-count', params: { weight: 1e-3 } }],
  },
  training: { optimizer: { kind: 'adam' }, schedule: { kind: 'constant', lr: 0.03 }, batchSize: 8 },
  solver: { solver: 'bs3', rtol: 1e-4, atol: 1e-6, memory: 'all' },
  run: { iterations: 300, evaluateEvery: 10, evaluateTrials: 16, checkpointEvery: 5 },
}
