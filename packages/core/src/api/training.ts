/**
 * Training from plain values: `fit(network, task, θ, optimiser, …)` runs minibatch gradient
 * descent with exact per-trial gradients (`networkGradient`) from any `GradientSource` — this
 * thread (`inProcessGradients`) or `@spikegrad/node`'s worker pool — with the same bits either
 * way; optimisers are chains of small transformations (`chain(clipByGlobalNorm(…),
 * scaleByAdam(), scaleByLearningRate(schedule))`, like optax; a link with a parameter out of
 * range carries its issues, and `fit` refuses it as `Invalid`); `evaluateNetwork` scores
 * held-out trials or a split of a data set (`evaluate` does so for a `Model`); the trial seeds
 * make every run reproducible;
 * `checkNetworkGradient(network, task)` checks a network's exact gradient against finite
 * differences in one call.
 *
 * Everything here is exported from `@spikegrad/core`.
 * @module training
 */
export { fit, type BestParameters, type FitError, type FitOptions, type FitProgress, type FitState } from '../training/fit.js'
export { inProcessGradients, type GradientSource, type TrialRef } from '../training/gradientSource.js'
export { networkGradient, posedNetwork, trialGradient, type TrialGradient } from '../training/trialGradient.js'
export { closedFormGradient, closedFormPlan, type ClosedFormOptions, type ClosedFormPlan } from '../network/closedForm/closedFormNetwork.js'
export { checkNetworkGradient, networkLoss, structuredOracleSolve, type NetworkGradientCheck, type NetworkGradientCheckOptions } from '../training/checkNetworkGradient.js'
export { evaluateNetwork, type EvaluateOptions, type Evaluation, type EvaluationError, type Scored } from '../training/evaluateNetwork.js'
export {
  adamChain,
  chain,
  clipByGlobalNorm,
  globalNorm,
  keepConstraints,
  scaleByAdam,
  scaleByLearningRate,
  sgdChain,
  traceMomentum,
  type GradientTransformation,
} from '../training/transforms.js'
export { constantRate, cosineDecay, exponentialDecay, stepDecay, type LearningRateSchedule } from '../training/learningRateSchedule.js'
export type { OptimizerState } from '../training/optimizer.js'
export { emptyHistory, type EvaluationRecord, type IterationRecord, type TrainingHistory } from '../training/trainingHistory.js'
export { epochSeed, evaluationTrialSeed, initialWeightSeed, trainingTrialSeed } from '../training/trialSeeds.js'
