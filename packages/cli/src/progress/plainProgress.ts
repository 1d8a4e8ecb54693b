import { progressLine } from './progressLine.js'
import type { Progress, ProgressFields, ProgressOptions } from './progressTypes.js'

/**
 * Progress as plain log lines, for logs and CI: one line at the first update, every `every`
 * iterations, at the last iteration, and at stop() if the latest update was not printed.
 * Rate = iterations done since `start` / seconds since creation; eta = remaining / rate.
 */
export function plainProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr
  const every = Math.max(1, Math.floor(options.every ?? Math.ceil(options.total / 20)))
  const now = options.now ?? (() => performance.now())
  const start = options.start ?? 0
  const t0 = now()
  let latest: { iteration: number; fields: ProgressFields; rate: number } | undefined
  let pending = false
  let lines = 0
  let stopped = false

  const print = (): void => {
    if (latest === undefined) return
    stream.write(`${progressLine({ ...latest, total: options.total }, options.label, options.unit)}\n`)
    pending = false
    lines++
  }

  return {
    update(iteration, fields = {}) {
      if (stopped) return
      const seconds = (now() - t0) / 1000
      latest = { iteration, fields, rate: seconds > 0 ? (iteration - start) / seconds : NaN }
      pending = true
      if (lines === 0 || iteration % every === 0 || iteration >= options.total) print()
    },
    stop() {
      if (stopped) return
      stopped = true
      if (pending) print()
    },
  }
}
