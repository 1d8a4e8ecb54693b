import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { invalid, issue, type Invalid, type Issue } from '../util/invalid.js'
import { constantRate, type LearningRateSchedule } from './learningRateSchedule.js'
import type { OptimizerState } from './optimizer.js'

/**
 * An optimiser is a chain of small transformations of the gradient into the update (as optax
 * composes them): `chain(clipByGlobalNorm(100), scaleByAdam(), scaleByLearningRate(cosine))`.
 * Each link knows nothing of the others or of the training loop; a user adds one of their own
 * without touching either. Every link works in place on the update vector u, which holds the
 * gradient when the chain starts, and on its own per-parameter buffers; nothing allocates.
 * A link built from parameters it cannot use throws nothing: it carries its `issues`, a chain
 * carries those of its links, and `fit` refuses it with them as an `Invalid`.
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
  /** Why the link cannot be used (a parameter out of its range), when it cannot. */
  readonly issues?: readonly Issue[]
}

/** The links applied one after the other; their buffers are saved as `<link>.<buffer>`. */
export function chain(...links: readonly GradientTransformation[]): GradientTransformation {
  const counts = links.map((l) => l.buffers.length)
  const names = links.flatMap((l) => l.buffers.map((b) => `${l.name}.${b}`))
  const duplicate = names.find((n, i) => names.indexOf(n) !== i)
  const issues = links.flatMap((l) => l.issues ?? [])
  if (duplicate !== undefined) issues.push(issue('chain', `two links keep a buffer named "${duplicate}"`, 'give the links different names'))
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
    ...(issues.length > 0 && { issues }),
  }
}

/**
 * Scales u by maxNorm / ‖u‖₂ when ‖u‖₂ > maxNorm (the direction kept), computed with scaling
 * so that huge entries do not overflow. A non-finite entry leaves u as it is.
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation {
  return {
    name: 'clip',
    ...(!(maxNorm > 0) && { issues: [issue('clipByGlobalNorm.maxNorm', `must be a number > 0, got ${maxNorm}`)] }),
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
  const issues: Issue[] = []
  for (const [name, b] of [['beta1', beta1], ['beta2', beta2]] as const) {
    if (!(b >= 0 && b < 1)) issues.push(issue(`scaleByAdam.${name}`, `must be in [0, 1), got ${b}`))
  }
  if (!(epsilon > 0 && Number.isFinite(epsilon))) issues.push(issue('scaleByAdam.epsilon', `must be a finite number > 0, got ${epsilon}`))
  return {
    name: 'adam',
    ...(issues.length > 0 && { issues }),
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
  return {
    name: 'momentum',
    ...(!(momentum >= 0 && momentum < 1) && { issues: [issue('traceMomentum.momentum', `must be in [0, 1), got ${momentum}`)] }),
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
    ...(schedule.issues !== undefined && schedule.issues.length > 0 && { issues: schedule.issues }),
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
  momentum !== 0 ? chain(traceMomentum(momentum), scaleByLearningRate(rate)) : scaleByLearningRate(rate)

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
 * A transformation in use on θ of a given size: its buffers and step count, `apply(θ, g)` to
 * take one step θ ← θ + u(g), and `state()` to save them (JSON-ready, exact). Started with
 * `OptimizerRun.start`, which refuses a transformation with issues and a saved state that is
 * not the transformation's own.
 */
export class OptimizerRun {
  private readonly buffers: Float64Array[]
  private readonly u: Float64Array
  private k: number

  private constructor(
    readonly transformation: GradientTransformation,
    readonly size: number,
  ) {
    this.u = new Float64Array(size)
    this.k = 0
    this.buffers = transformation.buffers.map(() => new Float64Array(size))
  }

  /**
   * A run of `transformation` on `size` parameters, from `saved` when given. Refused, with
   * issues under `at`: a transformation with issues; a saved state of another transformation
   * (its `kind` is not `transformation.name`), with a buffer missing, a buffer the
   * transformation does not keep, or a buffer of another length than `size`.
   */
  static start(transformation: GradientTransformation, size: number, saved?: OptimizerState, at = 'optimizer'): Either<Invalid, OptimizerRun> {
    if (transformation.issues !== undefined && transformation.issues.length > 0) return left(invalid(transformation.issues.map((i) => ({ ...i, at: i.at === '' ? at : `${at}.${i.at}` }))))
    if (!(Number.isSafeInteger(size) && size >= 0)) return left(invalid([issue(at, `the size must be an integer ≥ 0, got ${size}`)]))
    const run = new OptimizerRun(transformation, size)
    if (saved === undefined) return right(run)
    const issues = run.restore(saved)
    return issues.length === 0 ? right(run) : left(invalid(issues.map((i) => ({ ...i, at: i.at === '' ? `${at}State` : `${at}State.${i.at}` }))))
  }

  /** Steps taken. */
  get step(): number {
    return this.k
  }

  /** The learning rate of the next step (NaN when no link applies one). */
  learningRate(): number {
    return this.transformation.learningRate?.(this.k) ?? Number.NaN
  }

  /** θ ← θ + u(g) with the step's transformation; g is left as it is. θ and g have `size` entries (the caller's invariant). */
  apply(params: Float64Array, grad: Float64Array): void {
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

  /** Takes the saved state's step and buffers; the issues of a state that is not this transformation's. */
  private restore(saved: OptimizerState): Issue[] {
    const name = this.transformation.name
    const fix = 'start the optimiser afresh (leave the state out) or use the optimiser the state was saved with'
    // an earlier single optimiser saved its state under its own kind ('adam') and buffer names ('m')
    const earlier = saved.kind !== name && name.split('>').includes(saved.kind)
    if (saved.kind !== name && !earlier) return [issue('kind', `is ${JSON.stringify(saved.kind)}, a state of another optimiser than this one (${JSON.stringify(name)})`, fix)]
    if (!(Number.isSafeInteger(saved.step) && saved.step >= 0)) return [issue('step', `must be an integer ≥ 0, got ${saved.step}`)]
    const given = Object.keys(saved.buffers)
    const used = new Set<string>()
    const issues: Issue[] = []
    this.transformation.buffers.forEach((buffer, b) => {
      const short = buffer.slice(buffer.lastIndexOf('.') + 1)
      const key = Object.hasOwn(saved.buffers, buffer) ? buffer : earlier && Object.hasOwn(saved.buffers, short) ? short : undefined
      if (key === undefined) {
        issues.push(issue('buffers', `has no buffer "${buffer}" for the optimiser ${name} (it has ${given.join(', ') || 'none'})`, fix))
        return
      }
      used.add(key)
      const values = saved.buffers[key]!
      if (values.length !== this.size) issues.push(issue(`buffers.${key}`, `has ${values.length} entries for ${this.size} parameters`, fix))
      else this.buffers[b]!.set(values)
    })
    for (const extra of given.filter((g) => !used.has(g))) issues.push(issue(`buffers.${extra}`, `is not a buffer of the optimiser ${name} (its buffers: ${this.transformation.buffers.join(', ') || 'none'})`, fix))
    if (issues.length === 0) this.k = saved.step
    return issues
  }
}
