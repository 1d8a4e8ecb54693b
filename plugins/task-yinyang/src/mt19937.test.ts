import test from 'ava'
import { Mt19937 } from './mt19937.js'

const draws = (rng: Mt19937, n: number, draw: (r: Mt19937) => number): number[] => Array.from({ length: n }, () => draw(rng))

test('mt19937 — init_genrand(5489) gives the canonical reference sequence', (t) => {
  // Matsumoto & Nishimura's reference output (mt19937ar.c) and C++'s std::mt19937 default seed
  t.deepEqual(draws(new Mt19937(5489), 10, (r) => r.nextUint32()), [
    3499211612, 581869302, 3890346734, 3586334585, 545404204, 4161255391, 3922919429, 949333985, 2715962298, 1323567403,
  ])
})

test('mt19937 — the 10000th output of init_genrand(5489) is 4123659995 (the C++ standard check, across 16 twists)', (t) => {
  const rng = new Mt19937(5489)
  for (let i = 1; i < 10000; i++) rng.nextUint32()
  t.is(rng.nextUint32(), 4123659995)
})

test('mt19937 — randint and rand draw what numpy legacy RandomState draws after np.random.seed', (t) => {
  // numpy legacy: np.random.seed(7); np.random.randint(3, size=10).tolist(); np.random.rand(3).tolist()
  const seven = new Mt19937(7)
  t.deepEqual(draws(seven, 10, (r) => r.randint(3)), [0, 1, 2, 0, 1, 2, 0, 1, 2, 2])
  t.deepEqual(draws(seven, 3, (r) => r.rand()), [0.26843898010187117, 0.49988250082555996, 0.6792299961209405])
  // np.random.seed(4294967295); np.random.randint(1000); np.random.rand() — the largest seed, mask 1023
  const largest = new Mt19937(4294967295)
  t.is(largest.randint(1000), 419)
  t.is(largest.rand(), 0.11160667175339789)
})

test('mt19937 — randint(k) masks 32-bit outputs to the smallest all-ones mask ≥ k − 1 and rejects values above k − 1', (t) => {
  const a = new Mt19937(1)
  const b = new Mt19937(1)
  for (let i = 0; i < 1000; i++) {
    let raw: number
    do raw = b.nextUint32() & 3
    while (raw > 2)
    t.is(a.randint(3), raw)
  }
  t.is(a.nextUint32(), b.nextUint32())
})

test('mt19937 — randint(1) is 0 and draws nothing, as in numpy', (t) => {
  const a = new Mt19937(3)
  const b = new Mt19937(3)
  t.is(a.randint(1), 0)
  t.is(a.nextUint32(), b.nextUint32())
})

test('mt19937 — rand() is a 53-bit double in [0, 1) built from two outputs', (t) => {
  const a = new Mt19937(11)
  const b = new Mt19937(11)
  for (let i = 0; i < 1000; i++) {
    const u = a.rand()
    const hi = b.nextUint32() >>> 5
    const lo = b.nextUint32() >>> 6
    t.is(u, (hi * 2 ** 26 + lo) / 2 ** 53)
    t.true(u >= 0 && u < 1 && Number.isInteger(u * 2 ** 53))
  }
})

test('mt19937 — refuses seeds outside [0, 2³² − 1] and bounds outside [1, 2³²], naming the value', (t) => {
  for (const seed of [-1, 2 ** 32, 1.5, NaN]) {
    t.throws(() => new Mt19937(seed), { instanceOf: RangeError, message: new RegExp(`seed .*got ${seed}`) })
  }
  const rng = new Mt19937(0)
  for (const k of [0, 2 ** 32 + 1, 2.5]) t.throws(() => rng.randint(k), { instanceOf: RangeError, message: /randint bound/ })
})
