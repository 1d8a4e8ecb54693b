// model

/**
 * One property of a plugin, checked on random samples.
 *
 * For derivative checks `maxError` is the largest relative error over all compared entries,
 *
 *     err = |a - b| / max(|a|, |b|, floor)      (0 when a = b)
 *
 * where a is the plugin's hand-written derivative, b the central difference, and
 * floor = floorRatio · max |b| over the whole check: entries far smaller than the check's own
 * scale are judged on that scale, so that the rounding noise of a difference quotient
 * (≈ 1e-10 of the differenced function) cannot fail an entry that is zero by cancellation.
 * For property checks (bounds, signs, zeros) `maxError` is the size of the worst violation
 * and `tolerance` is 0.
 */
export interface PluginCheck {
  readonly name: string
  readonly maxError: number
  readonly tolerance: number
  readonly ok: boolean
  /** Where the largest error occurred, with the values compared. */
  readonly worst?: string
}

/** The outcome of `checkNeuron`, `checkGate`, `checkLoss` or `checkPlugin`. */
export interface PluginCheckReport {
  /** True when every check passed. */
  readonly ok: boolean
  readonly checks: readonly PluginCheck[]
  /** What was checked, e.g. "neuron 'qif'". */
  readonly subject?: string
}

// constructors

/** Builds a report from its checks: ok when all are. */
export function pluginCheckReport(subject: string, checks: readonly PluginCheck[]): PluginCheckReport {
  return { ok: checks.every((c) => c.ok), checks, subject }
}

/** A yes/no property: fails with the first of `violations` when there are any. */
export function propertyCheck(name: string, violations: readonly string[]): PluginCheck {
  return violations.length === 0
    ? { name, maxError: 0, tolerance: 0, ok: true }
    : { name, maxError: violations.length, tolerance: 0, ok: false, worst: describeViolations(violations) }
}

function describeViolations(violations: readonly string[]): string {
  const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : ''
  return violations[0] + more
}

// utils

/**
 * A plugin check report for humans: one line per check, the worst case under each failure.
 *
 * @example
 * console.log(formatPluginCheck(checkPlugin(qifNeuron())))
 */
export function formatPluginCheck(report: PluginCheckReport): string {
  const passed = report.checks.filter((c) => c.ok).length
  const head =
    `${report.subject ?? 'plugin'}: ${report.ok ? 'ok' : 'FAILED'} — ` +
    `${passed} of ${report.checks.length} checks pass`
  const width = Math.max(0, ...report.checks.map((c) => c.name.length))
  const lines = report.checks.map((c) => {
    const line =
      `  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(width)}  ` +
      `max error ${formatNumber(c.maxError)}  tolerance ${formatNumber(c.tolerance)}`
    return c.worst !== undefined && !c.ok ? `${line}\n        worst: ${c.worst}` : line
  })
  return [head, ...lines].join('\n')
}

/** A short, exact-enough rendering of a number for reports. */
export function formatNumber(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x)
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(6))) : x.toExponential(2)
}
