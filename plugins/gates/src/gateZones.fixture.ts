import type { GateZone } from '@spikegrad/core'

/** Zones every gate is checked on: non-periodic, theta-like, centred at 0, narrow and wide. */
export const testZones: readonly GateZone[] = [
  { width: 0.3, center: 1 },
  { width: 0.1, center: -0.95 },
  { width: 0.6 * Math.PI, center: Math.PI, period: 2 * Math.PI },
  { width: 1, center: 0, period: 2 * Math.PI },
  { width: 0.01, center: Math.PI, period: 2 * Math.PI },
  { width: 6, center: 2, period: 2 * Math.PI },
]
