import { isLeft, type Either } from 'fp-ts/lib/Either.js'
import { SolveFailure, type SolveError } from '../ode/solveError.js'

/** Every failure the API returns: a tagged value with a message that says what failed and how to fix it. */
export interface Failure {
  readonly _tag: string
  readonly message: string
}

/** A failure thrown by `getOrThrow`; `failure` is the value the API returned. */
export class SpikegradFailure<E extends Failure = Failure> extends Error {
  constructor(readonly failure: E) {
    super(failure.message)
    this.name = 'SpikegradFailure'
  }
}

/**
 * The one throwing wrapper, for scripts: the value of any Either the API returns, or an
 * exception carrying its failure — a `SolveFailure` for a solve (`.error`), a
 * `SpikegradFailure` for anything else (`.failure`: an `Invalid`, a `TrainError`, …).
 * @example const net = getOrThrow(createNetwork(spec))
 */
export function getOrThrow<E extends Failure, A>(result: Either<E, A>): A {
  if (!isLeft(result)) return result.right
  const e = result.left
  if (isSolveError(e)) throw new SolveFailure(e)
  throw new SpikegradFailure(e)
}

const solveTags = new Set(['MaxStepsExceeded', 'StepSizeUnderflow', 'NonFiniteState', 'InvalidProblem', 'EventNotBracketed', 'ProblemThrew', 'TrajectoryBudgetExceeded'])
const isSolveError = (e: Failure): e is SolveError => solveTags.has(e._tag)
