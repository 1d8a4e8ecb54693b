/**
 * The one place that talks to odex (Hairer's GBS extrapolation code, non-stiff), as an
 * `Integrator`. odex types do not leak out of this file. odex works on plain arrays and hands
 * its dense output out one component at a time (each found by a linear scan), so this adapter
 * copies states in and out and its `denseInto` costs O(n²).
 */
import { Outcome, Solver } from 'odex'
import type { Integrator, IntegrateResult, IntegratorSettings, Rhs, Step, StepObserver } from './integrator.js'

/** Evaluates component `c` of odex's dense output at time `t` within the current step. */
type DenseOutput = (c: number, t: number) => number

class NonFinite {
  constructor(
    readonly t: number,
    readonly component: number,
  ) {}
}

/** odex behind the `Integrator` contract, for dimension n. */
export function odexIntegrator(n: number): Integrator {
  const yIn = new Float64Array(n)
  const fOut = new Float64Array(n)
  const out = new Array<number>(n).fill(0)
  const y0 = new Float64Array(n)
  const y1 = new Float64Array(n)
  const f0 = new Float64Array(n)
  const f1 = new Float64Array(n)
  return {
    name: 'odex',
    dimension: n,
    estimatesFirstStep: false,
    integrate(f: Rhs, t0: number, yStart: Float64Array, t1: number, settings: IntegratorSettings, onStep?: StepObserver): IntegrateResult {
      const solver = new Solver(n)
      solver.relativeTolerance = typeof settings.rtol === 'number' ? settings.rtol : [...settings.rtol]
      solver.absoluteTolerance = typeof settings.atol === 'number' ? settings.atol : [...settings.atol]
      solver.maxSteps = Math.max(1, Math.floor(settings.maxSteps))
      const h0 = Math.abs(settings.initialStep) > 0 ? Math.abs(settings.initialStep) : 1e-4 * Math.abs(t1 - t0)
      solver.initialStepSize = h0
      solver.maxStepSize = settings.maxStep > 0 ? settings.maxStep : 0
      solver.denseOutput = settings.dense
      solver.denseComponents = undefined

      let rhsEvals = 0
      // times of the evaluations since the last accepted step, for the degree bound
      let evalTimes = new Float64Array(256)
      let evalsInStep = 0
      let lastT = Number.NaN
      let first = true
      const g = (t: number, y: number[]): number[] => {
        if (evalsInStep === evalTimes.length) {
          const grown = new Float64Array(2 * evalTimes.length)
          grown.set(evalTimes)
          evalTimes = grown
        }
        evalTimes[evalsInStep++] = t
        for (let i = 0; i < n; i++) yIn[i] = y[i]
        f(t, yIn, fOut)
        rhsEvals++
        lastT = t
        if (first) {
          f0.set(fOut)
          first = false
        }
        for (let i = 0; i < n; i++) {
          const v = fOut[i]
          if (!Number.isFinite(v)) throw new NonFinite(t, i)
          out[i] = v
        }
        return out
      }

      y0.set(yStart)
      let tLast = t0
      let lastStep = 0
      let stopped = false
      let dense: DenseOutput | undefined
      let interiorSamples = Number.POSITIVE_INFINITY
      const step: Step = {
        tOld: t0,
        t: t0,
        y0,
        y1,
        f0,
        f1,
        denseInto(tau: number, o: Float64Array): void {
          const m = Math.min(o.length, n)
          for (let i = 0; i < m; i++) o[i] = dense!(i, tau)
        },
        component: (c: number, tau: number): number => dense!(c, tau),
        get interiorSamples() {
          return interiorSamples
        },
        cheapDense: false,
      }
      const mutable = step as { tOld: number; t: number }
      const solOut =
        onStep === undefined
          ? undefined
          : (_nr: number, tOld: number, t: number, y: number[], d?: DenseOutput): boolean | void => {
              if (t === tOld) return true
              tLast = t
              lastStep = t - tOld
              interiorSamples = denseDegreeBound(evalTimes, evalsInStep, t) + 1
              evalsInStep = 0
              for (let i = 0; i < n; i++) y1[i] = y[i]
              if (lastT === t) f1.set(fOut)
              else {
                f(t, y1, f1)
                rhsEvals++
              }
              dense = d
              mutable.tOld = tOld
              mutable.t = t
              const goOn = onStep(step)
              y0.set(y1)
              f0.set(f1)
              if (!goOn) {
                stopped = true
                return false
              }
              return true
            }

      const start: number[] = Array.from(yStart)
      const fail = { t: tLast, lastStep, nextStep: h0, steps: 0, accepted: 0, rejected: 0, y: y0 }
      let result: ReturnType<Solver['solve']>
      try {
        result = solver.solve(g, t0, start, t1, solOut)
      } catch (e) {
        const at = { ...fail, t: tLast, lastStep, rhsEvals }
        if (e instanceof NonFinite) return { ...at, outcome: 'non-finite', badComponent: e.component, badTime: e.t }
        return { ...at, outcome: 'threw', thrown: e }
      }
      for (let i = 0; i < n; i++) y1[i] = result.y[i]
      const counts = {
        steps: result.nStep,
        accepted: result.nAccept,
        rejected: result.nReject,
        rhsEvals,
        lastStep,
        nextStep: lastStep !== 0 ? Math.abs(lastStep) : h0,
        y: y1,
      }
      if (result.outcome === Outcome.MaxStepsExceeded) return { ...counts, t: tLast, outcome: 'max-steps' }
      if (stopped || result.outcome === Outcome.EarlyReturn) return { ...counts, t: tLast, outcome: 'stopped' }
      return { ...counts, t: t1, outcome: 'done' }
    },
  }
}

/**
 * Upper bound on 2k − 3, k the extrapolation column of the step just accepted (ending at t),
 * from the evaluations made since the previous one (`count` times in `times`). With dense
 * output odex uses the step numbers n_j = 4j − 2 (the GBS sequence 2, 6, 10, …): an attempt at
 * column k evaluates the right-hand side n_1 + … + n_k = 2k² times, k of them (the final
 * smoothing step of each row) at t itself, and once more at t for the derivative there (the
 * one at the start is the previous step's). Rejected attempts only add evaluations, so both
 * counts bound k from above. Should the counts ever not fit this scheme (k < 2), the bound
 * is +∞: no claim. odex's dense output is y(x) = H(x) + x²(1 − x)² R(x) with deg R = 2k − 3.
 */
function denseDegreeBound(times: Float64Array, count: number, t: number): number {
  let atEnd = 0
  for (let i = 0; i < count; i++) if (times[i] === t) atEnd++
  const k = Math.min(atEnd - 1, Math.floor(Math.sqrt((count - 1) / 2)))
  return k >= 2 ? 2 * k - 3 : Number.POSITIVE_INFINITY
}
