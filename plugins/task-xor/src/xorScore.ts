import type { Readout, Trial } from '@spikegrad/core'

/**
 * Accuracy on the XOR task: a trial counts as correct when the sign of the mean readout
 * o_0 over the samples inside its response window [meta.window[0], meta.window[1]] equals the
 * target meta.target (±1); a mean of exactly 0 counts as wrong. Returns { accuracy } ∈ [0, 1].
 * @throws Error when the trials and readouts do not match, a trial is not an XOR trial, or a
 *   readout has no sample inside its window.
 */
export function xorScore(trials: readonly Trial[], readouts: readonly Readout[]): { readonly accuracy: number } {
  if (trials.length !== readouts.length) {
    throw new Error(`xor score: got ${trials.length} trials but ${readouts.length} readouts; pass one readout per trial`)
  }
  if (trials.length === 0) throw new Error('xor score: no trials to score; pass at least one trial')
  let correct = 0
  trials.forEach((trial, i) => {
    const span = trial.meta?.window
    const target = trial.meta?.target
    if (!Array.isArray(span) || typeof target !== 'number') {
      throw new Error(`xor score: trial ${i} has no meta.window / meta.target; score only trials drawn from the xor task`)
    }
    const { times, values } = readouts[i]
    if (values.length !== times.length) {
      throw new Error(`xor score: readout ${i} has ${values.length} values for ${times.length} times; the xor task has 1 output`)
    }
    let sum = 0
    let count = 0
    for (let k = 0; k < times.length; k++) {
      if (times[k] >= span[0] && times[k] <= span[1]) {
        sum += values[k]
        count++
      }
    }
    if (count === 0) {
      throw new Error(
        `xor score: readout ${i} has no sample in its response window [${span[0]}, ${span[1]}] ms; sample the readout more finely`,
      )
    }
    if (Math.sign(sum / count) === target) correct++
  })
  return { accuracy: correct / trials.length }
}
