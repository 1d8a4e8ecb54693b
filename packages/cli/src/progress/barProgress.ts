import cliProgress from 'cli-progress'
import { fieldsText, formatEta, formatRate, rateUnit } from './progressLine.js'
import type { Progress, ProgressOptions } from './progressTypes.js'

/**
 * Progress as a live cli-progress bar, for terminals:
 * `train ████████░░░░ 120/500  loss 0.0312  accuracy 0.91  3.2 it/s  eta 1m58s`.
 * Rate and eta are computed as in plain mode (since creation), so both modes agree.
 */
export function barProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr
  const now = options.now ?? (() => performance.now())
  const start = options.start ?? 0
  const t0 = now()
  const label = options.label !== undefined && options.label !== '' ? `${options.label} ` : ''
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label}{bar} {value}/{total}  {fields}  {speed} ${rateUnit(options.unit)}  eta {etaText}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(options.total, start, { fields: '', speed: '--', etaText: '--' })
  let stopped = false

  return {
    update(iteration, fields = {}) {
      if (stopped) return
      const seconds = (now() - t0) / 1000
      const rate = seconds > 0 ? (iteration - start) / seconds : NaN
      bar.update(iteration, {
        fields: fieldsText(fields),
        speed: formatRate(rate),
        etaText: formatEta(options.total - iteration, rate),
      })
    },
    stop() {
      if (stopped) return
      stopped = true
      bar.stop()
    },
  }
}
