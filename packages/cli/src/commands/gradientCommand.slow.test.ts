import { join } from 'node:path'
import test from 'ava'
import { repositoryRoot, spikegrad } from '../spawnCli.test-kit.js'

// Slow (npm run test:slow): `spikegrad gradient --check` on the two one-population check
// networks, each entry against finite differences at rtol 1e-13.

const example = (name: string): string => join(repositoryRoot, 'examples', `${name}.json`)

interface CheckOutput {
  loss: number
  maxRelativeError: number
  ok: boolean
  tolerance: number
  blocks: Record<string, { maxRelativeError: number; maxAbsoluteError: number; checked: number; uncertainty: number; disagreements: number; unresolved: number[] }>
}

const blockNames = ['bias:hidden', 'hidden<-hidden', 'hidden<-input', 'readout<-hidden']

for (const name of ['qif-raised-cosine', 'lif-poly-bump']) {
  test(`gradient --check — ${name}: adjoint within 1e-5 of finite differences in every block, printed as { loss, ok, maxRelativeError, tolerance, blocks }`, (t) => {
    const { code, stdout, stderr } = spikegrad(['gradient', '--config', example(name), '--check', '--per-block', '2'])
    t.is(code, 0, stderr)
    const out = JSON.parse(stdout) as CheckOutput
    t.deepEqual(Object.keys(out).sort(), ['blocks', 'loss', 'maxRelativeError', 'ok', 'tolerance'])
    t.true(out.ok)
    t.is(out.tolerance, 1e-5)
    t.deepEqual(Object.keys(out.blocks).sort(), blockNames)
    for (const [block, check] of Object.entries(out.blocks)) {
      t.is(check.checked, 2, block)
      t.is(check.disagreements, 0, block)
      t.deepEqual(check.unresolved, [], block)
      t.true(check.uncertainty >= 0, block)
      t.true(check.maxRelativeError <= 1e-5, `${block}: ${check.maxRelativeError}`)
      t.true(check.maxRelativeError <= out.maxRelativeError)
    }
    t.true(out.maxRelativeError <= 1e-5)
    t.true(Number.isFinite(out.loss) && out.loss > 0)
  })
}

