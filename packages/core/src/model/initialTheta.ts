import { initialWeights } from '../network/initialWeights.js'
import type { Model } from './model.js'
import { initialWeightSeed } from '../training/trialSeeds.js'
import { Rng } from '../util/rng.js'

/**
 * The parameters θ a model started from, recomputed exactly as `createModel` drew them:
 * `initialWeights(network, new Rng(initialWeightSeed(seed)))` — the same bits, since the draw
 * depends only on the seed and the network (its layout and initialisation rules, saved in the
 * model file's specification).
 */
export function initialTheta(model: Pick<Model, 'network' | 'spec'>): Float64Array {
  return initialWeights(model.network, new Rng(initialWeightSeed(model.spec.seed)))
}
