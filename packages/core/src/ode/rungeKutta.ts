/**
 * The native explicit Runge–Kutta integrator on Float64Array: any FSAL pair of
 * `rungeKuttaPair.ts`, an error estimate in the RMS norm of err_i / (atol_i + rtol_i max(|y0_i|, |y1_i|)),
 * a PI step-size controller and a free continuous extension read for all components at once.
 * The step loop allocates nothing; the buffers belong to the integrator and are reused by
 * every call.
 *
 * Controller (Hairer's DOPRI5, Gustafsson's PI form), k = embedded order + 1:
 *   h_new = h · clamp(safety · err^(−β1) · err_prev^(β2), 1/5, 5),  β2 = 0.2/k, β1 = 1/k − 0.75 β2,
 * no growth right after a rejection; a rejected step shrinks by clamp(safety · err^(−1/k), 1/5, 1).
 * Starting step (when none is given): Hairer's estimate from ‖y0‖, ‖f0‖ and one Euler step.
 */
import type { Integrator, IntegrateResult, IntegratorSettings, Rhs, Step, StepObserver } from './integrator.js'
import { denseWeights, type RungeKuttaPair } from './rungeKuttaPair.js'

const safety = 0.9
const growMax = 5
const shrinkMax = 0.2

interface Counts {
  readonly t: number
  readonly lastStep: number
  readonly steps: number
  readonly accepted: number
  readonly rejected: number
  readonly evals: number
}

/** A native integrator of dimension n for the pair `pair`. */
export function rungeKuttaIntegrator(pair: RungeKuttaPair, n: number): Integrator {
  return new RungeKuttaIntegrator(pair, n)
}

class RungeKuttaIntegrator implements Integrator {
  readonly name: RungeKuttaPair['name']
  readonly estimatesFirstStep = true
  private readonly s: number
  private readonly k: Float64Array[]
  private y: Float64Array
  private yNew: Float64Array
  private readonly yStage: Float64Array
  private readonly err: Float64Array
  private readonly w: Float64Array
  private readonly rtolV: Float64Array
  private readonly atolV: Float64Array
  private readonly beta1: number
  private readonly beta2: number
  private readonly rejectExponent: number
  /** The step the observer sees; its fields are updated in place. */
  private readonly view: StepView
  /** t, last step, steps, accepted, rejected, time of the latest evaluation, evaluations: for a call that throws. */
  private readonly progress = new Float64Array(7)

  constructor(
    private readonly pair: RungeKuttaPair,
    readonly dimension: number,
  ) {
    const n = dimension
    this.name = pair.name
    this.s = pair.c.length
    this.k = Array.from({ length: this.s }, () => new Float64Array(n))
    this.y = new Float64Array(n)
    this.yNew = new Float64Array(n)
    this.yStage = new Float64Array(n)
    this.err = new Float64Array(n)
    this.w = new Float64Array(this.s)
    this.rtolV = new Float64Array(n)
    this.atolV = new Float64Array(n)
    const kOrder = pair.embeddedOrder + 1
    this.beta2 = 0.2 / kOrder
    this.beta1 = 1 / kOrder - 0.75 * this.beta2
    this.rejectExponent = 1 / kOrder
    this.view = new StepView(pair, n)
  }

  integrate(f: Rhs, t0: number, y0: Float64Array, t1: number, settings: IntegratorSettings, onStep?: StepObserver): IntegrateResult {
    // The loop runs in a function of its own: a variable live into a catch handler is kept
    // boxed, and V8 would allocate a number for every double written to it.
    const progress = this.progress
    progress.fill(0)
    progress[0] = t0
    progress[5] = t0
    try {
      return this.run(f, t0, y0, t1, settings, onStep)
    } catch (thrown) {
      const [t, lastStep, steps, accepted, rejected, evalTime, evals] = progress
      return this.result('threw', { t, lastStep, steps, accepted, rejected, evals }, this.y, this.yNew, 0, { thrown, badTime: evalTime })
    }
  }

  private run(f: Rhs, t0: number, y0: Float64Array, t1: number, settings: IntegratorSettings, onStep?: StepObserver): IntegrateResult {
    const { s, k, yStage, err, rtolV, atolV, pair, view, progress } = this
    const n = this.dimension
    const { a, c, e } = pair
    fillTolerance(rtolV, settings.rtol)
    fillTolerance(atolV, settings.atol)
    const dir = t1 >= t0 ? 1 : -1
    const span = Math.abs(t1 - t0)
    const hMax = settings.maxStep > 0 ? Math.min(settings.maxStep, span) : span
    const maxSteps = Math.max(1, Math.floor(settings.maxSteps))
    // the time resolution: a step this small no longer moves t (a discontinuity of f that no
    // event resolves can drive the step this far down before it is crossed)
    const tiny = 16 * Number.EPSILON * Math.max(Math.abs(t0), Math.abs(t1))
    let y = this.y
    let yNew = this.yNew
    y.set(y0)
    // (`+ 0` and Math.abs make numbers of the parameters and of a call's result: a variable
    // that merges them with computed doubles would otherwise hold every new value boxed)
    let t = t0 + 0
    const tEnd = t1 + 0
    let evals = 0
    let steps = 0
    let accepted = 0
    let rejected = 0
    let lastStep = 0
    let errPrev = 1e-4
    let justRejected = false
    // no closure over these variables either: V8 would box every double written to them
    {
      f(t, y, k[0])
      evals++
      let h = Math.abs(settings.initialStep)
      if (!(h > 0)) {
        h = Math.abs(this.startingStep(f, t, y, dir, hMax))
        evals++
      }
      h = dir * Math.min(h, hMax)
      const bound = settings.stepBound
      for (;;) {
        if (dir * (t1 - t) <= tiny || t === t1) return this.result('done', { t, lastStep, steps, accepted, rejected, evals }, y, yNew, h)
        if (steps >= maxSteps) return this.result('max-steps', { t, lastStep, steps, accepted, rejected, evals }, y, yNew, h)
        if (bound !== undefined) {
          const b = Math.abs(bound(t, y, k[0]))
          if (Math.abs(h) > b) h = dir * Math.max(b, tiny)
        }
        let last = false
        if (dir * (t + 1.01 * h - t1) >= 0) {
          h = t1 - t
          last = true
        }
        steps++
        progress[2] = steps
        progress[6] = evals
        // stages 1 … s − 2 into yStage, the FSAL stage s − 1 into yNew
        for (let i = 1; i < s; i++) {
          const row = a[i]
          const target = i === s - 1 ? yNew : yStage
          target.set(y)
          for (let j = 0; j < i; j++) {
            const aij = row[j]
            if (aij === 0) continue
            const alpha = h * aij
            const kj = k[j]
            for (let q = 0; q < n; q++) target[q] += alpha * kj[q]
          }
          const evalTime = last && i === s - 1 ? tEnd : t + c[i] * h
          progress[5] = evalTime
          f(evalTime, target, k[i])
          evals++
        }
        err.fill(0)
        for (let j = 0; j < s; j++) {
          const ej = e[j]
          if (ej === 0) continue
          const alpha = h * ej
          const kj = k[j]
          for (let q = 0; q < n; q++) err[q] += alpha * kj[q]
        }
        let sum = 0
        for (let q = 0; q < n; q++) {
          const sc = atolV[q] + rtolV[q] * Math.max(Math.abs(y[q]), Math.abs(yNew[q]))
          const r = err[q] / sc
          sum += r * r
        }
        const errNorm = Math.sqrt(sum / n)
        if (!Number.isFinite(errNorm)) {
          const bad = this.firstNonFinite(yNew, t, h)
          if (bad !== undefined) return this.result('non-finite', { t, lastStep, steps, accepted, rejected, evals }, y, yNew, h, { badComponent: bad.component, badTime: bad.t })
        }
        if (errNorm <= 1) {
          accepted++
          const tOld = t
          t = last ? tEnd : t + h
          lastStep = t - tOld
          progress[0] = t
          progress[1] = lastStep
          progress[3] = accepted
          const fac = Math.min(growMax, Math.max(shrinkMax, (safety * Math.pow(errPrev, this.beta2)) / Math.pow(Math.max(errNorm, 1e-10), this.beta1)))
          let hNext = h * (justRejected ? Math.min(1, fac) : fac)
          errPrev = Math.max(errNorm, 1e-4)
          justRejected = false
          let goOn = true
          if (onStep !== undefined) {
            view.set(tOld, t, h, y, yNew, k)
            goOn = onStep(view)
          }
          // FSAL: the last stage is the next step's first
          const kLast = k[s - 1]
          k[s - 1] = k[0]
          k[0] = kLast
          const swap = y
          y = yNew
          yNew = swap
          if (Math.abs(hNext) > hMax) hNext = dir * hMax
          if (!goOn) return this.result('stopped', { t, lastStep, steps, accepted, rejected, evals }, y, yNew, last ? Math.max(Math.abs(hNext), Math.abs(h)) : hNext)
          if (last) return this.result('done', { t, lastStep, steps, accepted, rejected, evals }, y, yNew, Math.max(Math.abs(hNext), Math.abs(h)))
          h = hNext
        } else {
          rejected++
          progress[4] = rejected
          justRejected = true
          const fac = Number.isFinite(errNorm) ? Math.max(shrinkMax, Math.min(1, safety * Math.pow(errNorm, -this.rejectExponent))) : shrinkMax
          h *= fac
          if (Math.abs(h) <= tiny) return this.result('step-underflow', { t, lastStep, steps, accepted, rejected, evals }, y, yNew, h, { tinyStep: Math.abs(h) })
        }
      }
    }
  }

  private result(
    outcome: IntegrateResult['outcome'],
    c: Counts,
    y: Float64Array,
    yNew: Float64Array,
    hNext: number,
    extra: Partial<IntegrateResult> = {},
  ): IntegrateResult {
    this.y = y
    this.yNew = yNew
    const { t, lastStep, steps, accepted, rejected, evals } = c
    return { outcome, t, lastStep, nextStep: Math.abs(hNext), steps, accepted, rejected, rhsEvals: evals, y, ...extra }
  }

  /** Hairer's starting step: from ‖y0‖/‖f0‖, refined by the change of f over one explicit Euler step. */
  private startingStep(f: Rhs, t: number, y: Float64Array, dir: number, hMax: number): number {
    const n = this.dimension
    const { k, yStage, rtolV, atolV } = this
    const f0 = k[0]
    const f1 = k[1]
    let d0 = 0
    let d1 = 0
    for (let q = 0; q < n; q++) {
      const sc = atolV[q] + rtolV[q] * Math.abs(y[q])
      const a = y[q] / sc
      const b = f0[q] / sc
      d0 += a * a
      d1 += b * b
    }
    d0 = Math.sqrt(d0 / n)
    d1 = Math.sqrt(d1 / n)
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1)
    h0 = Math.min(h0, hMax)
    for (let q = 0; q < n; q++) yStage[q] = y[q] + dir * h0 * f0[q]
    f(t + dir * h0, yStage, f1)
    let d2 = 0
    for (let q = 0; q < n; q++) {
      const sc = atolV[q] + rtolV[q] * Math.abs(y[q])
      const d = (f1[q] - f0[q]) / sc
      d2 += d * d
    }
    d2 = Math.sqrt(d2 / n) / h0
    const big = Math.max(d1, d2)
    const h1 = big <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / big, 1 / this.pair.order)
    const h = Math.min(100 * h0, h1, hMax)
    return Number.isFinite(h) && h > 0 ? h : Math.min(1e-6, hMax)
  }

  /** The first non-finite component among the stages and the new state, with its evaluation time. */
  private firstNonFinite(yNew: Float64Array, t: number, h: number): { component: number; t: number } | undefined {
    const n = this.dimension
    for (let j = 0; j < this.s; j++) {
      const kj = this.k[j]
      for (let q = 0; q < n; q++) if (!Number.isFinite(kj[q])) return { component: q, t: t + this.pair.c[j] * h }
    }
    for (let q = 0; q < n; q++) if (!Number.isFinite(yNew[q])) return { component: q, t: t + h }
    return undefined
  }
}

/** The accepted step as the observer sees it: the integrator's buffers and the pair's continuous extension. */
class StepView implements Step {
  tOld = 0
  t = 0
  y0: Float64Array
  y1: Float64Array
  f0: Float64Array
  f1: Float64Array
  readonly interiorSamples: number
  readonly cheapDense = true
  private h = 0
  private k: readonly Float64Array[] = []
  private readonly w: Float64Array
  private weightsAt = Number.NaN

  constructor(
    private readonly pair: RungeKuttaPair,
    private readonly n: number,
  ) {
    this.interiorSamples = pair.interiorSamples
    this.w = new Float64Array(pair.c.length)
    this.y0 = this.y1 = this.f0 = this.f1 = new Float64Array(0)
  }

  set(tOld: number, t: number, h: number, y0: Float64Array, y1: Float64Array, k: readonly Float64Array[]): void {
    this.tOld = tOld
    this.t = t
    this.h = h
    this.y0 = y0
    this.y1 = y1
    this.k = k
    this.f0 = k[0]
    this.f1 = k[k.length - 1]
    this.weightsAt = Number.NaN
  }

  /** w = h · w_i(θ) at τ (cached for repeated reads at one time). */
  private weights(tau: number): Float64Array {
    if (tau !== this.weightsAt) {
      const w = this.w
      denseWeights(this.pair.dense, (tau - this.tOld) / this.h, w)
      for (let i = 0; i < w.length; i++) w[i] *= this.h
      this.weightsAt = tau
    }
    return this.w
  }

  denseInto(tau: number, out: Float64Array): void {
    const w = this.weights(tau)
    const m = Math.min(out.length, this.n)
    const { y0, k } = this
    for (let q = 0; q < m; q++) out[q] = y0[q]
    for (let i = 0; i < w.length; i++) {
      const wi = w[i]
      if (wi === 0) continue
      const ki = k[i]
      for (let q = 0; q < m; q++) out[q] += wi * ki[q]
    }
  }

  component(cIndex: number, tau: number): number {
    const w = this.weights(tau)
    let v = this.y0[cIndex]
    for (let i = 0; i < w.length; i++) v += w[i] * this.k[i][cIndex]
    return v
  }
}

function fillTolerance(out: Float64Array, tol: number | readonly number[]): void {
  if (typeof tol === 'number') out.fill(tol)
  else for (let i = 0; i < out.length; i++) out[i] = tol[i]
}
