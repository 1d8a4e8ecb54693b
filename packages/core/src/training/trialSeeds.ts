/**
 * Seeds derived from a model's one seed, so that every random draw of a run can be
 * reproduced alone: the initial weights, the trials of minibatch k (whatever ran before),
 * and the held-out trials. Each is a 32-bit hash of (seed, stream, i, j) — murmur3's
 * finaliser applied after mixing in each word — so neighbouring indices give unrelated seeds.
 */

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The seed of the Rng that draws the initial weights. */
export const initialWeightSeed = (seed: number): number => derive(seed, 1, 0, 0)

/** The seed of trial `index` (0-based) of the minibatch of training iteration `iteration`. */
export const trainingTrialSeed = (seed: number, iteration: number, index: number): number => derive(seed, 2, iteration, index)

/** The seed of held-out trial `index`; the same trials at every evaluation of a run. */
export const evaluationTrialSeed = (seed: number, index: number): number => derive(seed, 3, 0, index)

/** The seed of the shuffle that orders a data set's training split in `epoch`. */
export const epochSeed = (seed: number, epoch: number): number => derive(seed, 4, epoch, 0)

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function derive(seed: number, stream: number, i: number, j: number): number {
  let h = fmix(seed >>> 0)
  for (const word of [stream, i % 0x100000000, Math.floor(i / 0x100000000), j % 0x100000000, Math.floor(j / 0x100000000)]) {
    h = fmix((h ^ Math.imul(word >>> 0, 0xcc9e2d51)) + 0x9e3779b9)
  }
  return h >>> 0
}

/** murmur3's 32-bit finaliser. */
function fmix(x: number): number {
  let h = x >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}
