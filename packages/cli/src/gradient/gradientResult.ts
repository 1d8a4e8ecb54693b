import type { ComposedNetwork, GradientCheckReport, GradientSolution, GradientStats } from '@spikegrad/core'
import { gradientBlocks, type GradientBlocks } from './gradientBlocks.js'
import { spikeCount } from './spikeCount.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** What `spikegrad gradient` prints: the loss L, spikes, events, solver statistics and dL/dθ. */
interface GradientResult {
  readonly loss: number
  /** Spikes over the trial, when cheap to count (see spikeCount); absent otherwise. */
  readonly spikes?: number
  /** Events the solver handled (resets, gate edges). */
  readonly events: number
  readonly stats: GradientStats
  readonly gradient: GradientBlocks
}

/** One block of a gradient check: max|adjoint − fd| / max|fd| over the entries finite differences resolve. */
interface BlockCheckResult {
  readonly maxRelativeError: number
  readonly maxAbsoluteError: number
  /** Entries compared with finite differences. */
  readonly checked: number
  /** Index (in block order) of the largest resolved difference. */
  readonly worstIndex: number
  /** The finite differences' own uncertainty, relative to the block's largest. */
  readonly uncertainty: number
  /** Entries that disagree beyond the tolerance and the oracle's uncertainty (a wrong adjoint). */
  readonly disagreements: number
  /** Entries (block order) where finite differences are too unreliable to tell. */
  readonly unresolved: readonly number[]
}

/** What `spikegrad gradient --check` prints. */
interface GradientCheckResult {
  readonly loss: number
  /** True when no entry disagrees beyond the tolerance and the oracle's uncertainty. */
  readonly ok: boolean
  /** The largest block error. */
  readonly maxRelativeError: number
  readonly tolerance: number
  readonly blocks: Readonly<Record<string, BlockCheckResult>>
}

/** What `--check --out` writes besides: both gradients (unchecked finite differences are null). */
interface FullGradientCheckResult extends GradientCheckResult {
  readonly adjoint: GradientBlocks
  readonly finiteDifference: GradientBlocks
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** The printed result of an adjoint gradient solve of a composed network. */
export function gradientResult(composed: ComposedNetwork, solution: GradientSolution): GradientResult {
  const spikes = spikeCount(composed.network, composed.initialValue.y0, solution.y1, solution.events)
  return {
    loss: solution.loss,
    ...(spikes !== undefined && { spikes }),
    events: solution.events.length,
    stats: solution.stats,
    gradient: gradientBlocks(composed.network, solution.gradient),
  }
}

/** The printed result of a gradient check: the loss, the worst error and one entry per block. */
export function gradientCheckResult(report: GradientCheckReport): GradientCheckResult {
  const blocks: Record<string, BlockCheckResult> = {}
  for (const [name, b] of Object.entries(report.blocks)) {
    blocks[name] = {
      maxRelativeError: b.maxRelativeError,
      maxAbsoluteError: b.maxAbsoluteError,
      checked: b.checked,
      worstIndex: b.worstIndex,
      uncertainty: b.uncertainty,
      disagreements: b.disagreements,
      unresolved: b.unresolved,
    }
  }
  return { loss: report.loss, ok: report.ok, maxRelativeError: report.maxRelativeError, tolerance: report.tolerance, blocks }
}

/** The check result with both gradients in the nested layout, for `--out`. */
export function fullGradientCheckResult(composed: ComposedNetwork, report: GradientCheckReport): FullGradientCheckResult {
  return {
    ...gradientCheckResult(report),
    adjoint: gradientBlocks(composed.network, report.adjoint),
    finiteDifference: gradientBlocks(composed.network, report.finiteDifference),
  }
}
