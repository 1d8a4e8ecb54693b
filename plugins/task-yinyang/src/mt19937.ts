const N = 624
const M = 397
const UPPER = 0x80000000
const LOWER = 0x7fffffff
const MATRIX_A = 0x9908b0df

/**
 * The Mersenne Twister MT19937 (Matsumoto & Nishimura 1998), 32-bit, with the draws of numpy's
 * legacy `RandomState`, so that a stream seeded here equals `np.random.seed(seed)`'s draw for
 * draw. The state is one Uint32Array(624) and an index; no draw allocates. Not for cryptography.
 */
export class Mt19937 {
  private readonly state = new Uint32Array(N)
  private index = N

  /**
   * Seeds as `init_genrand(seed)`, which is what legacy `np.random.seed(seed)` does for an
   * integer seed: s_0 = seed, s_i = 1812433253 · (s_{i−1} ⊕ (s_{i−1} >> 30)) + i (mod 2³²).
   * @throws RangeError unless seed is an integer in [0, 2³² − 1].
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`mt19937: seed must be an integer in [0, 4294967295], got ${seed}`)
    }
    const s = this.state
    s[0] = seed
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1] ^ (s[i - 1] >>> 30)
      s[i] = Math.imul(1812433253, prev) + i
    }
  }

  /** The next 32-bit output: the tempered next state word, an integer in [0, 2³² − 1]. */
  nextUint32(): number {
    if (this.index >= N) this.twist()
    let y = this.state[this.index++]
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  /**
   * Uniform integer in [0, k), as legacy `randint(0, k)` draws it for k ≤ 2³²: with m the
   * smallest all-ones bit mask ≥ k − 1, draw `nextUint32() & m` until it is ≤ k − 1
   * (masked rejection). For k = 1 the answer is 0 and nothing is drawn, as in numpy.
   * @throws RangeError unless k is an integer in [1, 2³²].
   */
  randint(k: number): number {
    if (!Number.isInteger(k) || k < 1 || k > 0x100000000) {
      throw new RangeError(`mt19937: randint bound must be an integer in [1, 4294967296], got ${k}`)
    }
    const max = k - 1
    if (max === 0) return 0
    let mask = max
    mask |= mask >>> 1
    mask |= mask >>> 2
    mask |= mask >>> 4
    mask |= mask >>> 8
    mask |= mask >>> 16
    for (;;) {
      const v = (this.nextUint32() & mask) >>> 0
      if (v <= max) return v
    }
  }

  /**
   * Uniform double in [0, 1), as legacy `random_sample` (`rand()`) draws it: from two outputs
   * a, b, ((a >> 5) · 2²⁶ + (b >> 6)) / 2⁵³ — 53 random bits.
   */
  rand(): number {
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return (a * 67108864 + b) / 9007199254740992
  }

  /** Regenerates all 624 state words: s_k = s_{k+397} ⊕ twist(upper bit of s_k, lower 31 of s_{k+1}). */
  private twist(): void {
    const s = this.state
    for (let k = 0; k < N; k++) {
      const y = (s[k] & UPPER) | (s[(k + 1) % N] & LOWER)
      s[k] = s[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    }
    this.index = 0
  }
}
