import test, { type ExecutionContext } from 'ava'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { yinYangDataset, yinYangFeatures, yinYangSplits } from './yinYangData.js'
import { yinYangLabel } from './yinYangLabel.js'

interface PublishedSplit {
  readonly seed: number
  readonly samples: readonly (readonly [number, number])[]
  readonly labels: readonly number[]
}
type Split = keyof typeof yinYangSplits

/** The published data, committed with this package (fixtures/PROVENANCE.md says where it comes from). */
const referencePath = fileURLToPath(new URL('../fixtures/yinyang-publication.json', import.meta.url))
/** Its sha256, as fixtures/PROVENANCE.md states it: an edited copy fails here instead of moving the reference. */
const referenceSha256 = '23827182bf7e5fcc8561c6e78143530d39503b0478f9c27b531300b524abfcaa'

function loadPublished(): Record<Split, PublishedSplit> | string {
  let bytes: Buffer
  try {
    bytes = readFileSync(referencePath)
  } catch (e) {
    return `${referencePath} cannot be read (${(e as Error).message}); it is committed with the package: restore it with git checkout`
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (sha256 !== referenceSha256) return `${referencePath} has sha256 ${sha256}, not the ${referenceSha256} of PROVENANCE.md: restore it with git checkout`
  return JSON.parse(bytes.toString('utf8')) as Record<Split, PublishedSplit>
}

const published = loadPublished()

function reproduces(t: ExecutionContext, split: Split): void {
  if (typeof published === 'string') {
    t.fail(published)
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

test('yin-yang data — fixtures/PROVENANCE.md states the sha256 that this test checks', (t) => {
  const provenance = readFileSync(fileURLToPath(new URL('../fixtures/PROVENANCE.md', import.meta.url)), 'utf8')
  t.true(provenance.includes(`\`${referenceSha256}\``))
  t.not(typeof published, 'string', typeof published === 'string' ? published : '')
})
