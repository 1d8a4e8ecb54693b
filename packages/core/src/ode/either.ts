import { isLeft, type Either } from 'fp-ts/lib/Either.js'
import { SolveFailure, type SolveError } from './solveError.js'

/** The one throwing wrapper, for scripts: the value, or a `SolveFailure` with the message. */
export function getOrThrow<A>(result: Either<SolveError, A>): A {
  if (isLeft(result)) throw new SolveFailure(result.left)
  return result.right
}
