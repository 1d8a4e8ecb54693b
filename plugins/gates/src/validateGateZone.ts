import type { GateZone } from '@spikegrad/core'

/**
 * Checks a gate zone and returns it with `period` 0 for non-periodic zones.
 * @throws Error naming the field and the fix: width must be positive and finite, and smaller than
 *   the period if there is one; center finite; period positive and finite if given.
 */
export function validateGateZone(kind: string, zone: GateZone): { readonly width: number; readonly center: number; readonly period: number } {
  const { width, center, period } = zone
  const problems: string[] = []
  if (typeof width !== 'number' || !(width > 0) || !Number.isFinite(width)) {
    problems.push(`zone.width = ${String(width)} must be a positive finite number (the full width of the active zone)`)
  }
  if (typeof center !== 'number' || !Number.isFinite(center)) problems.push(`zone.center = ${String(center)} must be a finite number`)
  if (period !== undefined) {
    if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) {
      problems.push(`zone.period = ${String(period)} must be a positive finite number, or absent for a non-periodic voltage`)
    } else if (width >= period) {
      problems.push(`zone.width = ${width} must be less than zone.period = ${period}: pick a narrower zone`)
    }
  }
  if (problems.length > 0) throw new Error(`${kind} gate: ${problems.join('; ')}`)
  return { width, center, period: period ?? 0 }
}
