import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The independent reference network (shared/reference/theta-net-N10-T100.json). */
export interface Reference {
  readonly N: number
  readonly Nin: number
  readonly Nout: number
  readonly T: number
  readonly tau_v: number
  readonly tau_s: number
  readonly D: number
  readonly W: number[][]
  readonly U: number[][]
  readonly b: number[]
  readonly O: number[][]
  readonly v0: number[]
  readonly s0: number[]
  readonly expected: {
    readonly loss: number
    readonly spikes: number
    readonly gradient: { readonly W: number[][]; readonly U: number[][]; readonly b: number[]; readonly O: number[][] }
  }
}

/**
 * Finds the reference beside the repository: `shared/reference/` in the checkout's folder or
 * any folder above it, or the directory named by SPIKEGRAD_REFERENCE_DIR.
 */
export function referencePath(name: string): string | undefined {
  const candidates: string[] = []
  if (process.env.SPIKEGRAD_REFERENCE_DIR !== undefined) candidates.push(process.env.SPIKEGRAD_REFERENCE_DIR)
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    candidates.push(join(dir, 'shared', 'reference'))
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  return candidates.map((d) => join(d, name)).find((p) => existsSync(p))
}

export function loadReference(name = 'theta-net-N10-T100.json'): Reference | undefined {
  const path = referencePath(name)
  return path === undefined ? undefined : (JSON.parse(readFileSync(path, 'utf8')) as Reference)
}
