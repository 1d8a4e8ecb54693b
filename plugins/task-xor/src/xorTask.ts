import type { Task, TaskFactory } from '@spikegrad/core'
import { windowedMseLoss } from '@spikegrad/losses'
import { xorRecipe } from './xorRecipe.js'
import { resolveXorParameters } from './xorParameters.js'
import { xorScore } from './xorScore.js'
import { xorTrial } from './xorTrial.js'

/**
 * The delayed-memory XOR task (Huh & Sejnowski 2018, our protocol — see the README): two pulses
 * of random sign on input 0, a go-cue on input 1, and after the cue one output that must report
 * XOR of the signs as ±1 (different → +1, equal → -1). Trained on the windowed MSE
 * l = w(t) · ½ (o - o*)²; scored by accuracy (sign of the mean readout in the window).
 * @param params protocol parameters (see `xorParameters`; times in ms), missing ones take defaults.
 * @throws RangeError naming every bad parameter.
 * @example
 * const fast = xorTask({ pulseDelayMin: 30, pulseDelayMax: 50, cueDelayMin: 30, cueDelayMax: 50, responseWindow: 30 })
 */
export const xorTask: TaskFactory = (params) => {
  const p = resolveXorParameters(params)
  const task: Task = {
    kind: 'xor',
    inputSize: 2,
    outputSize: 1,
    trial: (rng) => xorTrial(rng, p),
    losses: [windowedMseLoss()],
    score: xorScore,
    primaryScore: 'accuracy',
    higherIsBetter: true,
    recipe: xorRecipe,
  }
  return task
}
