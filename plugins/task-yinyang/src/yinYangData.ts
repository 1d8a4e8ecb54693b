import { Mt19937 } from './mt19937.js'
import { distance, yinYangLabel, type YinYangLabel } from './yinYangLabel.js'
import { resolveYinYangOptions, type YinYangOptions } from './yinYangOptions.js'

/** One sample of the data set: a point (x, y) of the big disc and its class. */
export interface YinYangSample {
  readonly x: number
  readonly y: number
  readonly label: YinYangLabel
}

/** The published splits (Kriener, Göltz & Petrovici 2021): each is `yinYangDataset(split)`. */
export const yinYangSplits = {
  train: { size: 5000, seed: 42 },
  validation: { size: 1000, seed: 41 },
  test: { size: 1000, seed: 40 },
} as const

/** How the data set is generated, and from which random stream. */
export const about =
  'The Yin-Yang data set of Kriener, Göltz & Petrovici (2021): points of a disc of radius ' +
  'r_big = 0.5 centred on (0.5, 0.5), labelled 0 yin, 1 yang, 2 dot (two dots of radius r_small = 0.1 ' +
  'centred on (0.25, 0.5) and (0.75, 0.5)). The random stream is numpy\'s legacy global MT19937 ' +
  'generator after np.random.seed(seed) (init_genrand). For each sample, in order: the wanted class ' +
  'is drawn as randint(3) (32-bit outputs masked with 3, values of 3 rejected), then points ' +
  '(x, y) = (rand(), rand()) · 2 r_big, each rand() a 53-bit double from two 32-bit outputs, are ' +
  'drawn until one lies in the disc and has the wanted class; that point is the sample. ' +
  'Seeds 42, 41 and 40 with 5000, 1000 and 1000 samples give the published train, validation and ' +
  'test splits bit for bit. Features are (x, y, 1 − x, 1 − y).'

/**
 * Generates `size` samples from seed `seed`: per sample the goal class c = randint(3), then
 * points (x, y) = (rand(), rand()) · 2 rBig until |(x, y) − (rBig, rBig)| ≤ rBig and
 * {@link yinYangLabel}(x, y) = c. {@link yinYangSplits} gives the published data bit for bit.
 * @throws RangeError naming every bad field (see {@link resolveYinYangOptions}).
 * @example yinYangDataset(yinYangSplits.test).length === 1000
 */
export function yinYangDataset(options: YinYangOptions): YinYangSample[] {
  const { size, seed, rSmall, rBig } = resolveYinYangOptions(options)
  const rng = new Mt19937(seed)
  const samples: YinYangSample[] = []
  for (let i = 0; i < size; i++) {
    const goal = rng.randint(3)
    for (;;) {
      const x = rng.rand() * 2 * rBig
      const y = rng.rand() * 2 * rBig
      if (distance(x, y, rBig, rBig) > rBig) continue
      const label = yinYangLabel(x, y, rSmall, rBig)
      if (label === goal) {
        samples.push({ x, y, label })
        break
      }
    }
  }
  return samples
}

/**
 * The published feature vector of a sample, (x, y, 1 − x, 1 − y), written into `out` (which is
 * returned); the mirrored pair makes every sample's inputs sum to 2.
 */
export function yinYangFeatures(sample: YinYangSample, out: Float64Array = new Float64Array(4)): Float64Array {
  out[0] = sample.x
  out[1] = sample.y
  out[2] = 1 - sample.x
  out[3] = 1 - sample.y
  return out
}
