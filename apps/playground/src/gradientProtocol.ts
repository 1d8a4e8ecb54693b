import type { GradientSource, ModelSpec, SolveOptions, TrialRef } from '@spikegrad/core'

/** One trial's outcome: its loss and gradient, or why its solve failed. */
type Outcome = Awaited<ReturnType<GradientSource['gradients']>>[number]

/** What the training worker asks of a gradient worker: its model once, then the gradients of trials at θ. */
export type GradientRequest =
  | { readonly type: 'model'; readonly spec: ModelSpec; readonly solve: SolveOptions }
  | { readonly type: 'gradients'; readonly id: number; readonly theta: Float64Array; readonly refs: readonly TrialRef[] }

/** A gradient worker's answers. */
export type GradientReply =
  | { readonly type: 'ready' }
  | { readonly type: 'gradients'; readonly id: number; readonly outcomes: readonly Outcome[] }
  | { readonly type: 'failed'; readonly message: string }
