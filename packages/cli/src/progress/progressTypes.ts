/**
 * Progress of an iterative job (training, a benchmark): the reporter created by
 * createProgress, and what it is given.
 */

/** Named scalars shown beside the iteration count, in insertion order, e.g. { loss, accuracy }. */
export type ProgressFields = Readonly<Record<string, number>>

/** A progress reporter. */
export interface Progress {
  /** Reports that `iteration` (1-based, at most `total`) is done, with its current fields. */
  update(iteration: number, fields?: ProgressFields): void
  /** Ends reporting: prints the last unprinted state; later updates are ignored. */
  stop(): void
}

/** Where and how to report progress. */
export interface ProgressOptions {
  /** Number of iterations the job will run. */
  readonly total: number
  /** Shown before the count, e.g. 'train'. */
  readonly label?: string
  /** What is counted: 'iter' (default, rate in it/s) or e.g. 'trial' (rate in trial/s). */
  readonly unit?: string
  /** Where to write; process.stderr by default, so that stdout carries only results. */
  readonly stream?: NodeJS.WritableStream & { readonly isTTY?: boolean }
  /** Plain mode: print one line every `every` iterations (default: about 20 lines per job). */
  readonly every?: number
  /** Iterations already done when reporting starts (a resumed job); rates count from here. */
  readonly start?: number
  /** Environment read for CI (process.env by default). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Clock in ms (performance.now by default); tests pass their own. */
  readonly now?: () => number
}
