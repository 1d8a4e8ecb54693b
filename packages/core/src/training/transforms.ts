import { constantRate, type LearningRateSchedule } from './learningRateSchedule.js'
import type { OptimizerState } from './optimizer.js'

/**
 * An optimiser is a chain of small transformations of the gradient into the update (as optax
 * composes them): `chain(clipByGlobalNorm(100), scaleByAdam(), scaleByLearningRate(cosine))`.
 * Each link knows nothing of the others or of the training loop; a user adds one of their own
 * without touching either. Every link works in place on the update vector u, which holds the
 * gradient when the chain starts, and on its own per-parameter buffers; nothing allocates.
 */
export interface GradientTransformation {
  /** Names the link in saved states and messages, e.g. 'adam'. */
  readonly name: string
  /** The per-parameter buffers it keeps (its memory), by name, e.g. ['m', 'v']. */
  readonly buffers: readonly string[]
  /** In place: u ← the transformed update, from its buffers, θ and the step k = 0, 1, …. */
  update(u: Float64Array, buffers: readonly Float64Array[], params: Float64Array, step: number): void
  /** The learning rate this link applies at step k, if it applies one (for the history). */
  learningRate?(step: number): number
}

/** The links applied one after the other; their buffers are saved as `<link>.<buffer>`. */
export function chain(...links: readonly GradientTransformation[]): GradientTransformation {
  const counts = links.map((l) => l.buffers.length)
  const names = links.flatMap((l) => l.buffers.map((b) => `${l.name}.${b}`))
  const duplicate = names.find((n, i) => names.indexOf(n) !== i)
  if (duplicate !== undefined) throw new RangeError(`chain: two links keep a buffer named "${duplicate}"; give them different names`)
  const views: Float64Array[][] = links.map(() => [])
  const withRate = links.find((l) => l.learningRate !== undefined)
  return {
    name: links.map((l) => l.name).join('>'),
    buffers: names,
    update(u, buffers, params, step) {
      let at = 0
      for (let i = 0; i < links.length; i++) {
        const mine = views[i]!
        for (let b = 0; b < counts[i]!; b++) mine[b] = buffers[at + b]!
        at += counts[i]!
        links[i]!.update(u, mine, params, step)
      }
    },
    ...(withRate && { learningRate: (step: number) => withRate.learningRate!(step) }),
  }
}

/**
 * Scales u by maxNorm / ‖u‖₂ when ‖u‖₂ > maxNorm (the direction kept), computed with scaling
 * so that huge entries do not overflow. A non-finite entry leaves u as it is.
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation {
  if (!(maxNorm > 0)) throw new RangeError(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`)
  return {
    name: 'clip',
    buffers: [],
    update(u) {
      const norm = globalNorm(u)
      if (Number.isFinite(norm) && norm > maxNorm) {
        const scale = maxNorm / norm
        for (let i = 0; i < u.length; i++) u[i] *= scale
      }
    },
  }
}

/**
 * Adam's direction (Kingma & Ba 2015), with bias correction: at step k (from 0), for each entry,
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,   u ← [m / (1 − β₁^(k+1))] / (√[v / (1 − β₂^(k+1))] + ε)
 * (follow it with `scaleByLearningRate`; the first update is then lr · g/(|g| + ε) ≈ lr · sign g).
 */
export function scaleByAdam(options: { readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number } = {}): GradientTransformation {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options
  for (const [name, b] of [['beta1', beta1], ['beta2', beta2]] as const) {
    if (!(b >= 0 && b < 1)) throw new RangeError(`scaleByAdam: ${name} must be in [0, 1), got ${b}`)
  }
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new RangeError(`scaleByAdam: epsilon must be a finite number > 0, got ${epsilon}`)
  return {
    name: 'adam',
    buffers: ['m', 'v'],
    update(u, [m, v], _params, step) {
      const c1 = 1 - Math.pow(beta1, step + 1)
      const c2 = 1 - Math.pow(beta2, step + 1)
      for (let i = 0; i < u.length; i++) {
        const g = u[i]
        m![i] = beta1 * m![i] + (1 - beta1) * g
        v![i] = beta2 * v![i] + (1 - beta2) * g * g
        u[i] = m![i] / c1 / (Math.sqrt(v![i] / c2) + epsilon)
      }
    },
  }
}

/** Heavy-ball momentum: velocity ← μ · velocity + u, u ← velocity (μ in [0, 1)). */
export function traceMomentum(momentum: number): GradientTransformation {
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`traceMomentum: momentum must be in [0, 1), got ${momentum}`)
  return {
    name: 'momentum',
    buffers: ['velocity'],
    update(u, [velocity]) {
      for (let i = 0; i < u.length; i++) {
        velocity![i] = momentum * velocity![i] + u[i]
        u[i] = velocity![i]
      }
    },
  }
}

/** u ← −lr(k) · u: the descent step, with a constant rate or a schedule of the step k. */
export function scaleByLearningRate(rate: number | LearningRateSchedule): GradientTransformation {
  const schedule = typeof rate === 'number' ? constantRate(rate) : rate
  return {
    name: 'lr',
    buffers: [],
    update(u, _buffers, _params, step) {
      const lr = schedule(step)
      for (let i = 0; i < u.length; i++) u[i] = -lr * u[i]
    },
    learningRate: schedule,
  }
}

/**
 * Keeps θ + u in an allowed set: u ← P(θ + u) − θ, P a projection in place (e.g. the network's
 * constraints, `projectConstraints`). Put it last in a chain. `size` is the length of θ.
 */
export function keepConstraints(size: number, project: (theta: Float64Array) => void): GradientTransformation {
  const next = new Float64Array(size)
  return {
    name: 'constraints',
    buffers: [],
    update(u, _buffers, params) {
      for (let i = 0; i < u.length; i++) next[i] = params[i] + u[i]
      project(next)
      for (let i = 0; i < u.length; i++) u[i] = next[i] - params[i]
    },
  }
}

/** Adam at a rate or schedule: `chain(scaleByAdam(options), scaleByLearningRate(rate))`. */
export const adamChain = (rate: number | LearningRateSchedule, options: Parameters<typeof scaleByAdam>[0] = {}): GradientTransformation =>
  chain(scaleByAdam(options), scaleByLearningRate(rate))

/** Gradient descent, with momentum if given: `chain(traceMomentum(μ), scaleByLearningRate(rate))`. */
export const sgdChain = (rate: number | LearningRateSchedule, momentum = 0): GradientTransformation =>
  momentum > 0 ? chain(traceMomentum(momentum), scaleByLearningRate(rate)) : scaleByLearningRate(rate)

/** ‖u‖₂, scaled so that huge entries do not overflow; NaN or ±Infinity when an entry is. */
export function globalNorm(u: Float64Array): number {
  let largest = 0
  for (let i = 0; i < u.length; i++) {
    const a = Math.abs(u[i])
    if (Number.isNaN(a)) return NaN
    if (a > largest) largest = a
  }
  if (largest === 0 || !Number.isFinite(largest)) return largest
  let sum = 0
  for (let i = 0; i < u.length; i++) {
    const r = u[i] / largest
    sum += r * r
  }
  return largest * Math.sqrt(sum)
}

/**
 * A transformation in use on θ of a given size: its buffers and step count, `step(θ, g)` to
 * apply one update θ ← θ + u(g), and `state()` to save them (JSON-ready, exact).
 */
export class OptimizerRun {
  private readonly buffers: Float64Array[]
  private readonly u: Float64Array
  private k: number

  /** Throws a RangeError naming the buffer when `saved` does not fit the transformation or the size. */
  constructor(
    readonly transformation: GradientTransformation,
    readonly size: number,
    saved?: OptimizerState,
  ) {
    if (!(Number.isSafeInteger(size) && size >= 0)) throw new RangeError(`optimizer: size must be an integer ≥ 0, got ${size}`)
    this.u = new Float64Array(size)
    this.k = 0
    this.buffers = transformation.buffers.map(() => new Float64Array(size))
    if (saved !== undefined) this.restore(saved)
  }

  /** Steps taken. */
  get step(): number {
    return this.k
  }

  /** The learning rate of the next step (NaN when no link applies one). */
  learningRate(): number {
    return this.transformation.learningRate?.(this.k) ?? Number.NaN
  }

  /** θ ← θ + u(g) with the step's transformation; g is left as it is. */
  apply(params: Float64Array, grad: Float64Array): void {
    if (params.length !== this.size || grad.length !== this.size) {
      throw new RangeError(`optimizer: expected ${this.size} parameters and gradient entries, got ${params.length} and ${grad.length}`)
    }
    this.u.set(grad)
    this.transformation.update(this.u, this.buffers, params, this.k)
    for (let i = 0; i < this.size; i++) params[i] += this.u[i]
    this.k += 1
  }

  state(): OptimizerState {
    return {
      kind: this.transformation.name,
      step: this.k,
      buffers: Object.fromEntries(this.transformation.buffers.map((name, b) => [name, Array.from(this.buffers[b]!)])),
    }
  }

  private restore(saved: OptimizerState): void {
    if (!(Number.isSafeInteger(saved.step) && saved.step >= 0)) throw new RangeError(`optimizer state: step must be an integer ≥ 0, got ${saved.step}`)
    this.k = saved.step
    const given = Object.keys(saved.buffers)
    this.transformation.buffers.forEach((name, b) => {
      // an exact name, or the buffer of an earlier single optimiser saved by its own name ('m' for 'adam.m')
      const short = name.slice(name.lastIndexOf('.') + 1)
      const key = saved.buffers[name] !== undefined ? name : given.filter((g) => g === short).length === 1 ? short : undefined
      if (key === undefined) {
        throw new RangeError(`optimizer state: no buffer "${name}" for the optimiser ${this.transformation.name} (the state has ${given.join(', ') || 'none'}); start the optimiser afresh or use the one the state was saved with`)
      }
      const values = saved.buffers[key]!
      if (values.length !== this.size) throw new RangeError(`optimizer state: buffer "${key}" has ${values.length} entries for ${this.size} parameters`)
      this.buffers[b]!.set(values)
    })
  }
}
