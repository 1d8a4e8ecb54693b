import type { ExecutionContext } from 'ava'
import type { GradientSolution, Network } from '@spikegrad/core'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repositoryRoot } from './repositoryRoot.js'

/** A loss, event count and gradient (blocks U, W, b, O) computed before networks were graphs. */
export interface LegacyResult {
  readonly loss: number
  readonly events: number
  readonly gradient: Readonly<Record<string, readonly number[]>>
}

/** One result of test/fixtures/legacy-gradients.json (see its `about`), e.g. `lif-poly-bump@1e-10`. */
export function legacyResult(key: string): LegacyResult {
  const file = JSON.parse(readFileSync(join(repositoryRoot(), 'test', 'fixtures', 'legacy-gradients.json'), 'utf8')) as { results: Record<string, LegacyResult> }
  const found = file.results[key]
  if (found === undefined) throw new Error(`no legacy result ${key}`)
  return found
}

const blockNames: Readonly<Record<string, string>> = { U: 'hidden<-input', W: 'hidden<-hidden', b: 'bias:hidden', O: 'readout<-hidden' }

/** The same events, loss and gradient as a legacy result, bit for bit (U, W, b, O under their block names). */
export function assertSameAsLegacy(t: ExecutionContext, g: GradientSolution, network: Network, old: LegacyResult): void {
  t.is(g.events.length, old.events)
  t.is(g.loss, old.loss)
  for (const [legacyName, values] of Object.entries(old.gradient)) {
    const block = network.layout.blocks.find((b) => b.name === blockNames[legacyName])!
    t.deepEqual(Array.from(g.gradient.subarray(block.offset, block.offset + block.length)), values, block.name)
  }
}
