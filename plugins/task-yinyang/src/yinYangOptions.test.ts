import test from 'ava'
import { yinYangDataset } from './yinYangData.js'
import { resolveYinYangOptions, type YinYangOptions } from './yinYangOptions.js'

test('yin-yang options — the radii default to the published rSmall 0.1 and rBig 0.5', (t) => {
  t.deepEqual(resolveYinYangOptions({ size: 5000, seed: 42 }), { size: 5000, seed: 42, rSmall: 0.1, rBig: 0.5 })
})

const refuses = [
  [{ seed: 1 }, /"size" is required/],
  [{ size: 10 }, /"seed" is required/],
  [{ size: -1, seed: 1 }, /"size" = -1 is out of range/],
  [{ size: 2e7, seed: 1 }, /"size" = 20000000 is out of range \[0, 10000000\]/],
  [{ size: 2.5, seed: 1 }, /"size" must be a whole number/],
  [{ size: NaN, seed: 1 }, /"size" must be a finite number/],
  [{ size: 10, seed: 2 ** 32 }, /"seed" = 4294967296 is out of range \[0, 4294967295\]/],
  [{ size: 10, seed: 0.5 }, /"seed" must be an integer/],
  [{ size: 10, seed: 1, rSmall: 0 }, /"rSmall" must be > 0/],
  [{ size: 10, seed: 1, rBig: 0 }, /"rBig" must be > 0/],
  [{ size: 10, seed: 1, rSmall: 0.25 }, /"rSmall" = 0.25 must be below rBig\/2 = 0.25/],
  [{ size: 10, seed: 1, rsmall: 0.2 }, /unknown parameter "rsmall"/],
] as const

const show = (options: object): string => Object.entries(options).map(([k, v]) => `${k} ${v}`).join(', ')

for (const [options, message] of refuses) {
  test(`yin-yang options — refuses ${show(options)}, naming the field`, (t) => {
    const error = t.throws(() => yinYangDataset(options as unknown as YinYangOptions), { instanceOf: RangeError, message })
    t.regex(error?.message ?? '', /^yin-yang data: /)
  })
}
