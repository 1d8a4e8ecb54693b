import test, { type ExecutionContext } from 'ava'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { yinYangDataset, yinYangFeatures, yinYangSplits } from './yinYangData.js'
import { yinYangLabel } from './yinYangLabel.js'

interface PublishedSplit {
  readonly seed: number
  readonly samples: readonly (readonly [number, number])[]
  readonly labels: readonly number[]
}
type Split = keyof typeof yinYangSplits

const referenceName = 'yinyang-publication.json'

/**
 * The published data: `shared/reference/` in the checkout's folder or any folder above it, or
 * the directory named by SPIKEGRAD_REFERENCE_DIR (as the cross-package tests find theirs).
 */
function findReference(): string | undefined {
  const dirs: string[] = []
  if (process.env.SPIKEGRAD_REFERENCE_DIR !== undefined) dirs.push(process.env.SPIKEGRAD_REFERENCE_DIR)
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    dirs.push(join(dir, 'shared', 'reference'))
    if (dirname(dir) === dir) break
  }
  return dirs.map((d) => join(d, referenceName)).find((p) => existsSync(p))
}

const referencePath = findReference()
const published =
  referencePath === undefined ? undefined : (JSON.parse(readFileSync(referencePath, 'utf8')) as Record<Split, PublishedSplit>)

function reproduces(t: ExecutionContext, split: Split): void {
  if (published === undefined) {
    t.fail(`shared/reference/${referenceName} not found beside the repository or above it (set SPIKEGRAD_REFERENCE_DIR to its folder)`)
    return
  }
  const expected = published[split]
  t.is(expected.seed, yinYangSplits[split].seed, 'the split seed')
  t.is(expected.samples.length, yinYangSplits[split].size, 'the split size')
  const got = yinYangDataset(yinYangSplits[split])
  const mismatches: string[] = []
  got.forEach((s, i) => {
    const [x, y] = expected.samples[i]
    if (!Object.is(s.x, x) || !Object.is(s.y, y) || s.label !== expected.labels[i]) {
      mismatches.push(`sample ${i}: got (${s.x}, ${s.y}) label ${s.label}, published (${x}, ${y}) label ${expected.labels[i]}`)
    }
  })
  t.is(got.length, expected.samples.length)
  t.deepEqual(mismatches.slice(0, 5), [], `${mismatches.length} of ${got.length} samples differ`)
}

for (const split of ['train', 'validation', 'test'] as const) {
  const { size, seed } = yinYangSplits[split]
  test(`yin-yang data — reproduces the published ${split} split bit for bit (${size} samples, seed ${seed})`, (t) => reproduces(t, split))
}

test('yin-yang data — each class is about a third of a large sample', (t) => {
  const n = 30000
  const counts = [0, 0, 0]
  for (const s of yinYangDataset({ size: n, seed: 7 })) counts[s.label]++
  // the goal class is uniform: each fraction has sd √(2/9 / n) ≈ 0.0027, so ±0.015 is > 5 sd
  for (const c of counts) t.true(Math.abs(c / n - 1 / 3) < 0.015, `class counts ${counts.join(', ')} of ${n}`)
})

test('yin-yang data — every sample lies in the big disc and carries the class of its point', (t) => {
  for (const options of [{ size: 2000, seed: 3 }, { size: 2000, seed: 3, rSmall: 0.2, rBig: 1 }]) {
    const rBig = options.rBig ?? 0.5
    const rSmall = options.rSmall ?? 0.1
    for (const s of yinYangDataset(options)) {
      t.true(Math.hypot(s.x - rBig, s.y - rBig) <= rBig * (1 + 1e-15))
      t.is(s.label, yinYangLabel(s.x, s.y, rSmall, rBig))
    }
  }
})

test('yin-yang data — the same seed gives the same samples, another seed other samples, size 0 none', (t) => {
  t.deepEqual(yinYangDataset({ size: 50, seed: 9 }), yinYangDataset({ size: 50, seed: 9 }))
  t.notDeepEqual(yinYangDataset({ size: 50, seed: 10 }), yinYangDataset({ size: 50, seed: 9 }))
  t.deepEqual(yinYangDataset({ size: 10, seed: 9 }), yinYangDataset({ size: 50, seed: 9 }).slice(0, 10))
  t.deepEqual(yinYangDataset({ size: 0, seed: 9 }), [])
})

test('yin-yang data — the features are (x, y, 1 − x, 1 − y), written into the given array', (t) => {
  const sample = { x: 0.25, y: 0.75, label: 1 } as const
  t.deepEqual(yinYangFeatures(sample), Float64Array.of(0.25, 0.75, 0.75, 0.25))
  const out = new Float64Array(4)
  t.is(yinYangFeatures(sample, out), out)
})
