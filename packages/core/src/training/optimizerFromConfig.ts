import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { fractionBelowOne, positiveNumber } from '../io/codecs.js'
import { configVariant, decodeVariant, type ConfigVariant } from '../io/decodeVariant.js'
import type { Network } from '../network/network.js'
import { hasConstraints, projectConstraints } from '../network/networkConstraints.js'
import { invalid, issuesFromLines, underPath, type Invalid } from '../util/invalid.js'
import { scheduleFromConfig } from './scheduleFromConfig.js'
import { chain, clipByGlobalNorm, keepConstraints, scaleByAdam, scaleByLearningRate, traceMomentum, type GradientTransformation } from './transforms.js'

/**
 * The optimisers a configuration can name, with their fields, as the links they put before
 * the learning rate:
 *   { kind: 'adam', beta1?, beta2?, epsilon? }  → scaleByAdam
 *   { kind: 'sgd', momentum? }                  → traceMomentum (none for momentum 0)
 * A new optimiser is one more entry here.
 */
export const optimizerVariants: Readonly<Record<string, ConfigVariant<readonly GradientTransformation[]>>> = {
  adam: configVariant({}, { beta1: fractionBelowOne, beta2: fractionBelowOne, epsilon: positiveNumber }, (c) => right([scaleByAdam(c)])),
  sgd: configVariant({}, { momentum: fractionBelowOne }, (c) => right(c.momentum !== undefined && c.momentum > 0 ? [traceMomentum(c.momentum)] : [])),
}

/** A model's training settings, as they are in its specification. */
export interface OptimizerSettings {
  readonly optimizer: unknown
  readonly schedule: unknown
  readonly clipNorm?: number
}

/**
 * The optimiser chain of a model's training settings: clip the gradient to `clipNorm` (when
 * given), the optimiser's direction, the learning-rate schedule, and — for a network with
 * constraints (Dale's law) — their projection, so that no step leaves them. Problems are issues
 * under `what` (`model.training.schedule.lr: expected a positive number, got -1`).
 */
export function optimizerFromSettings(settings: OptimizerSettings, network: Network, what = 'model.training'): Either<Invalid, GradientTransformation> {
  const direction = decodeVariant(optimizerVariants, settings.optimizer, `${what}.optimizer`)
  const schedule = scheduleFromConfig(settings.schedule, `${what}.schedule`)
  const lines = [...(isLeft(direction) ? direction.left : []), ...(isLeft(schedule) ? schedule.left : [])]
  if (isLeft(direction) || isLeft(schedule)) return left(invalid(issuesFromLines(lines, what)))
  const size = network.layout.size
  const optimizer = chain(
    ...(settings.clipNorm !== undefined ? [clipByGlobalNorm(settings.clipNorm)] : []),
    ...direction.right,
    scaleByLearningRate(schedule.right),
    ...(hasConstraints(network) ? [keepConstraints(size, (theta) => projectConstraints(network, theta))] : []),
  )
  return optimizer.issues === undefined ? right(optimizer) : left(invalid(underPath(what, optimizer.issues)))
}
