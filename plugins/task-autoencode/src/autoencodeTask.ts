import type { Task, TaskFactory } from '@spikegrad/core'
import { resolveAutoencodeParameters } from './autoencodeParameters.js'
import { autoencodeScore } from './autoencodeScore.js'
import { autoencodeTrial } from './autoencodeTrial.js'
import { windowedMseLoss } from '@spikegrad/losses'
import { autoencodeRecipe } from './autoencodeRecipe.js'

/**
 * The predictive-coding / auto-encoding task (Huh & Sejnowski 2018, our protocol — see the
 * README): the network receives a smooth random signal i(t) on `channels` inputs and must
 * reproduce it on as many outputs, o(t) ≈ i(t - delay). Trained on l = w(t) · ½ Σ (o - o*)²;
 * scored by the normalised MSE `nmse` (lower is better).
 * @param params protocol parameters (see `autoencodeParameters`; times in ms), missing ones take defaults.
 * @throws RangeError naming every bad parameter.
 * @example
 * const task = autoencodeTask({ channels: 1, duration: 100 })
 */
export const autoencodeTask: TaskFactory = (params) => {
  const p = resolveAutoencodeParameters(params)
  const task: Task = {
    kind: 'autoencode',
    inputSize: p.channels,
    outputSize: p.channels,
    trial: (rng) => autoencodeTrial(rng, p),
    losses: [windowedMseLoss()],
    score: autoencodeScore(p.channels),
    primaryScore: 'nmse',
    higherIsBetter: false,
    recipe: autoencodeRecipe,
  }
  return task
}
