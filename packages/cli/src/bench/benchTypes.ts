/**
 * What the benchmark measures and reports. Times in ms, memory in MB (2^20 bytes).
 */
import type { SolverName } from '@spikegrad/core'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** How the backward pass gets the forward trajectory (core's SolveOptions.memory). */
export type MemoryMode = 'checkpoint' | 'all'

/** One timed case: a network of `n` neurons on a trial of `tMs` ms. */
export interface BenchCaseSpec {
  readonly n: number
  readonly tMs: number
  /** Relative tolerance of forward and backward solves; the absolute one is rtol / 100. */
  readonly rtol: number
  readonly mode: MemoryMode
  /** The solver of every solve (core's default when absent). */
  readonly solver?: SolverName
  /** Timed runs of each of forward and gradient (medians are reported). */
  readonly repeats: number
  readonly seed: number
}

/** The measurements of one case (one JSON object per case with `--json`). */
export interface BenchCaseResult {
  readonly kind: 'case'
  readonly n: number
  readonly tMs: number
  readonly mode: MemoryMode
  readonly solver: SolverName
  readonly rtol: number
  readonly atol: number
  readonly repeats: number
  readonly seed: number
  /** Median time of the forward solve (loss only), ms. */
  readonly forwardMs: number
  /** Median time of the adjoint gradient (forward, recomputation and backward), ms. */
  readonly gradientMs: number
  /** gradientMs / forwardMs. */
  readonly ratio: number
  /** Every timed run, in order. */
  readonly forwardRunsMs: readonly number[]
  readonly gradientRunsMs: readonly number[]
  readonly loss: number
  /** Right-hand side evaluations of the forward solve. */
  readonly rhsEvals: number
  /** Right-hand side evaluations of the gradient (forward + recomputation + at events). */
  readonly gradientRhsEvals: number
  /** (∂F/∂y)ᵀλ evaluations (backward right-hand sides) and (∂F/∂θ)ᵀλ evaluations (quadrature nodes). */
  readonly vjpStateEvals: number
  readonly vjpParamsEvals: number
  /** Forward integrator steps. */
  readonly acceptedSteps: number
  readonly rejectedSteps: number
  /** Backward integrator steps. */
  readonly backwardAcceptedSteps: number
  readonly backwardRejectedSteps: number
  readonly checkpoints: number
  /** Spikes over the trial (θ passing π) and the mean rate, Hz. */
  readonly spikes: number
  readonly rateHz: number
  /** Peak resident set size of the process that ran the case (fresh per case), MB. */
  readonly peakRssMb: number
  /** Largest JS heap V8 had committed (total_heap_size) after any solve of the case, MB. */
  readonly peakHeapMb: number
  /** max_i |dL/dθ_i|: shows whether the gradient explodes with T (a chaotic network). */
  readonly maxAbsGradient: number
  /** Largest trajectory storage of the backward pass, as counted by the solver, MB. */
  readonly trajectoryMb: number
  /** One bare N×N Float64Array matrix–vector product, µs (same process). */
  readonly matvecUs: number
  /** rhsEvals × matvec time / forward time: the share of the forward solve a bare matvec per RHS would take. */
  readonly kernelEfficiency: number
  /** Whether every repeat made exactly the same counts and gradient (it must: same seeds, same arithmetic). */
  readonly deterministic: boolean
  /** 1-minute load average of the machine when the case ended (other work skews the times). */
  readonly loadAverage: number
}

/** The parts of a case result that one forward–gradient pair determines. */
export type BenchCaseCounts = Omit<
  BenchCaseResult,
  | 'forwardMs'
  | 'gradientMs'
  | 'ratio'
  | 'forwardRunsMs'
  | 'gradientRunsMs'
  | 'peakRssMb'
  | 'peakHeapMb'
  | 'matvecUs'
  | 'kernelEfficiency'
  | 'deterministic'
  | 'loadAverage'
>

/** Gradient accuracy at one tolerance against a tight-tolerance reference. */
export interface AccuracySpec {
  readonly n: number
  readonly tMs: number
  readonly tolerances: readonly number[]
  readonly referenceRtol: number
  readonly mode: MemoryMode
  readonly seed: number
}

export interface AccuracyResult {
  readonly kind: 'accuracy'
  readonly n: number
  readonly tMs: number
  readonly rtol: number
  readonly referenceRtol: number
  /** max_i |g_i − g_ref,i| / max_i |g_ref,i| over all of θ. */
  readonly gradientRelativeError: number
  /** |L − L_ref| / |L_ref|. */
  readonly lossRelativeError: number
  readonly gradientMs: number
  readonly gradientRhsEvals: number
  readonly vjpStateEvals: number
}

/** The batch-gradient speed-up: a batch of trials with 2 worker threads against 1. */
export interface BatchSpec {
  readonly n: number
  readonly tMs: number
  readonly trials: number
  readonly rtol: number
  readonly solver?: SolverName
  readonly mode: MemoryMode
  readonly repeats: number
  readonly seed: number
}

export interface BatchResult {
  readonly kind: 'batch'
  readonly n: number
  readonly tMs: number
  readonly trials: number
  readonly rtol: number
  readonly solver: SolverName
  readonly repeats: number
  /** Median time of the batch with one worker (core's gradient pool in-process), ms. */
  readonly oneWorkerMs: number
  /** Median time of the batch with two worker threads, ms. */
  readonly twoWorkersMs: number
  /** oneWorkerMs / twoWorkersMs. */
  readonly speedup: number
  /** Whether every run, with 1 or 2 workers, gave the same summed gradient, bit for bit. */
  readonly identical: boolean
  /** Logical CPUs available to the process. */
  readonly cores: number
  readonly loadAverage: number
}

/** Absolute tolerance used with a relative one. */
export const benchAtol = (rtol: number): number => rtol / 100

// -------------------------------------------------------------------------------------
// work–precision
// -------------------------------------------------------------------------------------

/** A network of the work–precision benchmark: a kind (see `precisionNetworks`), N and T. */
export interface PrecisionCase {
  /** 'theta' (the recurrent theta network of `benchNetwork`); more kinds plug in there. */
  readonly network: string
  readonly n: number
  readonly tMs: number
  readonly seed: number
}

/** The reference gradient of one case: a solver at a tight tolerance, checked against a second. */
export interface ReferenceSpec extends PrecisionCase {
  readonly solver: SolverName
  readonly checkSolver: SolverName
  readonly rtol: number
  /** Where to write the reference gradient (Float64 values, little-endian). */
  readonly file: string
}

export interface ReferenceResult {
  readonly kind: 'reference'
  readonly network: string
  readonly n: number
  readonly tMs: number
  readonly solver: SolverName
  readonly checkSolver: SolverName
  readonly rtol: number
  /** ‖g − g_check‖ / ‖g‖ (2-norms over all of θ): how far the two references agree. */
  readonly agreement: number
  readonly parameters: number
  readonly file: string
  readonly ms: number
  readonly checkMs: number
}

/** One solver's sweep over tolerances on one case, against a reference gradient. */
export interface PrecisionSpec extends PrecisionCase {
  readonly solver: SolverName
  readonly rtols: readonly number[]
  readonly mode: MemoryMode
  readonly repeats: number
  readonly referenceFile: string
  readonly referenceRtol: number
}

/** One point of the work–precision diagram. */
export interface PrecisionResult {
  readonly kind: 'precision'
  readonly network: string
  readonly solver: SolverName
  readonly n: number
  readonly tMs: number
  readonly rtol: number
  readonly atol: number
  readonly mode: MemoryMode
  readonly referenceRtol: number
  /** ‖g − g_ref‖ / ‖g_ref‖, 2-norms over all blocks of θ. */
  readonly gradientRelativeError: number
  /** Median times of the adjoint gradient and of a forward solve (loss only), ms. */
  readonly gradientMs: number
  readonly forwardMs: number
  readonly ratio: number
  readonly repeats: number
  /** Forward right-hand side evaluations, and all products of the gradient (RHS, both VJPs, auxiliary excluded). */
  readonly rhsEvals: number
  readonly gradientRhsEvals: number
  readonly vjpStateEvals: number
  readonly vjpParamsEvals: number
  readonly acceptedSteps: number
  readonly rejectedSteps: number
  readonly backwardAcceptedSteps: number
  readonly recomputedSteps: number
  /** One bare N×N matvec, µs (the least of timings at the start and after each point of the sweep); rhsEvals × matvec / forwardMs. */
  readonly matvecUs: number
  readonly kernelEfficiency: number
  readonly loadAverage: number
}

// -------------------------------------------------------------------------------------
// sparse against dense
// -------------------------------------------------------------------------------------

/** A sparse recurrent network against its dense twin (see sparseBench.ts). */
export interface SparseSpec {
  readonly n: number
  readonly tMs: number
  /** Connection probability of the recurrence. */
  readonly probability: number
  readonly rtol: number
  readonly solver?: SolverName
  readonly mode: MemoryMode
  readonly repeats: number
  readonly seed: number
}

/** The measurements of the sparse benchmark (one JSON object with `--json`). */
export interface SparseResult {
  readonly kind: 'sparse'
  readonly n: number
  readonly tMs: number
  readonly probability: number
  readonly solver: SolverName
  readonly rtol: number
  readonly repeats: number
  readonly seed: number
  /** Stored recurrent entries of the sparse network, and N² of its dense twin. */
  readonly sparseEntries: number
  readonly denseEntries: number
  /** Median times, ms (the runs alternate: sparse, dense, sparse, …). */
  readonly sparseForwardMs: number
  readonly denseForwardMs: number
  readonly sparseGradientMs: number
  readonly denseGradientMs: number
  /** denseForwardMs / sparseForwardMs and denseGradientMs / sparseGradientMs: how many times faster sparse is. */
  readonly forwardSpeedup: number
  readonly gradientSpeedup: number
  /** |L_sparse − L_dense| / |L_dense|: both integrate the same equations. */
  readonly lossRelativeDifference: number
  /** max over the sparse recurrent entries of |g_sparse − g_dense| / max |g_dense|. */
  readonly gradientRelativeDifference: number
  readonly forwardSteps: { readonly sparse: number; readonly dense: number }
  readonly loadAverage: number
}
