import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { fractionBelowOne, positiveNumber } from '../io/codecs.js'
import { decode } from '../io/decode.js'
import { configVariant, decodeVariant, type ConfigVariant } from '../io/decodeVariant.js'
import { adam } from './adam.js'
import { optimizerStateCodec, type Optimizer, type OptimizerState } from './optimizer.js'
import { sgd } from './sgd.js'

/** What an optimiser variant builds from: the parameter count and a saved state, if resuming. */
export interface OptimizerSetup {
  readonly size: number
  readonly state?: OptimizerState
}

/**
 * The optimisers a configuration can name, with their fields:
 *   { kind: 'adam', beta1?, beta2?, epsilon? }    { kind: 'sgd', momentum? }
 * A new optimiser is one more entry here.
 */
export const optimizerVariants: Readonly<Record<string, ConfigVariant<(setup: OptimizerSetup) => Optimizer>>> = {
  adam: configVariant({}, { beta1: fractionBelowOne, beta2: fractionBelowOne, epsilon: positiveNumber }, (c) =>
    right((setup) => adam(c, setup.size, setup.state)),
  ),
  sgd: configVariant({}, { momentum: fractionBelowOne }, (c) => right((setup) => sgd(c, setup.size, setup.state))),
}

/**
 * Builds an optimiser for `size` parameters from a configuration such as { kind: 'adam', beta1: 0.9 },
 * resuming from `state` (e.g. read from a model file) when given. Returns the problems, each
 * naming its field, instead of throwing.
 */
export function optimizerFromConfig(
  config: unknown,
  size: number,
  state?: unknown,
  what = 'optimizer',
): Either<readonly string[], Optimizer> {
  const build = decodeVariant(optimizerVariants, config, what)
  if (isLeft(build)) return build
  let saved: OptimizerState | undefined
  if (state !== undefined) {
    const decoded = decode(optimizerStateCodec, state, `${what} state`)
    if (isLeft(decoded)) return decoded
    saved = decoded.right
  }
  try {
    return right(build.right({ size, state: saved }))
  } catch (error) {
    return left([error instanceof Error ? error.message : String(error)])
  }
}
