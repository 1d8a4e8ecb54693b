/** Set on a gradient pool's worker thread (a global symbol, so that every copy of the package agrees). */
const marker = Symbol.for('spikegrad/gradientWorker')

/**
 * True on a gradient pool's worker thread. A module that names itself as the pool's
 * `module` (`import.meta.url`) is imported on every worker: it keeps its training behind
 * `if (!isGradientWorker())`, so that the workers only build the model.
 */
export function isGradientWorker(): boolean {
  return (globalThis as Record<symbol, unknown>)[marker] === true
}

/** Marks this thread as a gradient worker (the worker entry does this when it loads). */
export function markGradientWorker(): void {
  ;(globalThis as Record<symbol, unknown>)[marker] = true
}
