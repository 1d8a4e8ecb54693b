import { evaluate, type EvaluateOptions, type Evaluation, type EvaluationError, type Model, type Rng, type Task, type Trial } from '@spikegrad/core'
import type { Either } from 'fp-ts/lib/Either.js'

/**
 * Core's `evaluate`, reporting `onTrial(done)` as held-out trials complete: `done` = 1 … N−1
 * as each next trial is drawn (the one before it has then been simulated), and N at the end.
 * Core's evaluate has no progress hook; the trials are counted as the task draws them, through
 * a task that inherits everything from the model's and only counts its `trial` calls, so the
 * result is exactly core's.
 */
export function evaluateWithProgress(
  model: Model,
  options: EvaluateOptions,
  onTrial: (done: number) => void,
): Either<EvaluationError, Evaluation> {
  let drawn = 0
  const inner = model.task
  const counting = Object.create(inner, {
    trial: {
      value(rng: Rng): Trial {
        if (drawn > 0) onTrial(drawn)
        drawn += 1
        return inner.trial(rng)
      },
    },
  }) as Task
  const result = evaluate({ ...model, task: counting }, options)
  if (result._tag === 'Right') onTrial(drawn)
  return result
}
