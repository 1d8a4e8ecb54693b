import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { ForwardRunner, newCounters, type Checkpoint, type SaveRequest } from './forwardRunner.js'
import type { FiredEvent, SolveStats } from './gradientSolution.js'
import type { EventOccurrence, InitialValue, Problem } from './problem.js'
import { invalidProblem, problemThrew, type SolveError } from './solveError.js'
import { resolveSolveOptions, type SolveOptions } from './solveOptions.js'
import { validateProblem } from './validateProblem.js'

export type { FiredEvent, SolveStats } from './gradientSolution.js'

/** The result of `solveForward`: the loss, the final state, the events fired and, on request, the state at given times. */
export interface ForwardSolution {
  /** L = ∫ l dt + Φ(y(t1)) + Ψ(event times, y(t1)) (0 for a problem without costs). */
  readonly loss: number
  /** y(t1). */
  readonly y1: Float64Array
  /** The events fired, in the order applied (time order). */
  readonly events: readonly FiredEvent[]
  /** States at the requested `saveAt` times: states[k * n + i] = y_i(times[k]). */
  readonly saved?: { readonly times: Float64Array; readonly states: Float64Array }
  /** Evaluations, steps, events and checkpoints of the solve. */
  readonly stats: SolveStats
}

/** Output asked of `solveForward` besides the loss, y(t1) and the events: the state at given times (e.g. a readout grid). */
export interface ForwardRequest {
  /** Times in [t0, t1], increasing, at which to return the state (from the dense output). */
  readonly saveAt?: readonly number[] | Float64Array
}

/**
 * Integrates dy/dt = F(t, y, θ) from t0 to t1 with events, and the loss
 * L = ∫ l(t, y, θ) dt + Φ(t1, y(t1), θ) (+ Ψ of the event times), ∫ l dt as an extra quadrature component.
 * Never throws: a bad problem or a failed integration comes back as a `SolveError`.
 */
export function solveForward(
  problem: Problem,
  iv: InitialValue,
  options: SolveOptions = {},
  request: ForwardRequest = {},
): Either<SolveError, ForwardSolution> {
  const bad = validateProblem(problem, iv)
  if (bad !== undefined) return left(bad)
  const opts = resolveSolveOptions(options, iv.t1 - iv.t0, problem.dimension)
  if ('field' in opts) return left(invalidProblem(`options.${opts.field}`, opts.problem))
  const n = problem.dimension
  let save: SaveRequest | undefined
  if (request.saveAt !== undefined) {
    const times = Float64Array.from(request.saveAt)
    for (let k = 0; k < times.length; k++) {
      if (!(times[k] >= iv.t0 && times[k] <= iv.t1) || (k > 0 && times[k] < times[k - 1])) {
        return left(invalidProblem(`saveAt[${k}]`, `must be increasing times within [t0, t1] = [${iv.t0}, ${iv.t1}]`))
      }
    }
    save = { times, states: new Float64Array(times.length * n), next: 0 }
    while (save.next < times.length && times[save.next] === iv.t0) save.states.set(iv.y0, n * save.next++)
  }
  const counters = newCounters()
  const runner = new ForwardRunner(problem, iv, opts, counters)
  const events: FiredEvent[] = []
  const occurred: EventOccurrence[] = []
  let cp: Checkpoint = { t: iv.t0, y: iv.y0, q: 0, h: opts.initialStep }
  let checkpoints = 0
  const tEndTol = 4 * Number.EPSILON * Math.max(Math.abs(iv.t1), iv.t1 - iv.t0)
  while (iv.t1 - cp.t > tEndTol) {
    const seg = runner.runSegment(cp, undefined, save)
    if ('message' in seg) return left(seg)
    checkpoints++
    for (const piece of seg.pieces) {
      for (const ev of piece.events) {
        events.push({ t: ev.t, family: problem.events![ev.family].name, index: ev.index })
        occurred.push({ t: ev.t, family: ev.family, index: ev.index })
      }
    }
    cp = seg.end
  }
  if (save !== undefined) while (save.next < save.times.length) save.states.set(cp.y, n * save.next++)
  let loss = cp.q
  if (problem.terminalCost !== undefined) {
    try {
      loss += problem.terminalCost.value(iv.t1, cp.y, iv.theta)
    } catch (e) {
      return left(problemThrew('terminalCost.value', iv.t1, e))
    }
  }
  if (problem.eventCost !== undefined) {
    try {
      loss += problem.eventCost.value(occurred, iv.t1, cp.y, iv.theta)
    } catch (e) {
      return left(problemThrew('eventCost.value', iv.t1, e))
    }
  }
  return right({
    loss,
    y1: Float64Array.from(cp.y),
    events,
    ...(save && { saved: { times: save.times, states: save.states } }),
    stats: { ...counters, checkpoints },
  })
}
