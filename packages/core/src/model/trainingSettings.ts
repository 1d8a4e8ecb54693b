import type { TrainingSettings } from '../io/sharedCodecs.js'
import type { Task } from '../plugin/task.js'

/** Training settings with every default filled in (as written to a model file). */
export interface ResolvedTrainingSettings {
  readonly optimizer: Readonly<Record<string, unknown>>
  readonly schedule: Readonly<Record<string, unknown>>
  readonly batchSize: number
  /** Largest ‖∇L‖₂ applied; larger gradients are scaled down to it. Absent: no clipping. */
  readonly clipNorm?: number
}

/** Adam with its default moments. */
export const defaultOptimizer = { kind: 'adam' } as const
/** A constant learning rate of 0.01 (Adam's steps are ≈ lr in each weight). */
export const defaultSchedule = { kind: 'constant', lr: 0.01 } as const
/** The batch size when neither the model nor the task's `suggested.batchSize` gives one. */
export const defaultBatchSize = 8

/**
 * Fills in the defaults: Adam, a constant rate of 0.01, the task's suggested batch size (or 8),
 * no clipping.
 */
export function resolveTrainingSettings(settings: TrainingSettings | undefined, task: Task): ResolvedTrainingSettings {
  const suggested = task.suggested?.batchSize
  const batchSize =
    settings?.batchSize ?? (typeof suggested === 'number' && Number.isSafeInteger(suggested) && suggested > 0 ? suggested : defaultBatchSize)
  return {
    optimizer: (settings?.optimizer as Record<string, unknown> | undefined) ?? { ...defaultOptimizer },
    schedule: (settings?.schedule as Record<string, unknown> | undefined) ?? { ...defaultSchedule },
    batchSize,
    ...(settings?.clipNorm !== undefined && { clipNorm: settings.clipNorm }),
  }
}
