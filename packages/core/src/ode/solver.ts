/**
 * Solvers as values (DESIGN §8's "strategies as values"): a `Solver` is what a solve integrates
 * with — a factory of integrators and the defaults that depend on it — passed in `SolveOptions`
 * as a value (`{ solver: dopri5 }`) or by the name a file uses (`"solver": "dopri5"`). A name
 * means a solver only in the table `solvers` (whose names the file codecs accept, and by which
 * messages to other threads carry values: `namedSolveOptions`); the solver layer asks the value,
 * so a new solver (any embedded Runge–Kutta pair, `rungeKuttaSolver`) touches no switch.
 */
import { bogackiShampine3 } from './bogackiShampine3.js'
import { dormandPrince5 } from './dormandPrince5.js'
import type { Integrator, SolverName } from './integrator.js'
import { odexIntegrator } from './odexAdapter.js'
import { rungeKuttaIntegrator } from './rungeKutta.js'
import type { RungeKuttaPair } from './rungeKuttaPair.js'
import { tsitouras5 } from './tsitouras5.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The defaults of a solve that depend on its solver (see `SolveOptions`). */
export interface SolverDefaults {
  /** Dense-output samples kept per step for the backward pass (`SolveOptions.denseNodes`). */
  readonly denseNodes: number
  /** Gauss–Legendre nodes per backward step (`SolveOptions.quadratureNodes`). */
  readonly quadratureNodes: number
  /** Samples a whole step keeps, given `denseNodes` (for the checkpoint spacing's memory budget). */
  samplesPerStep(denseNodes: number): number
  /** First trial step (0: the integrator estimates it). */
  readonly initialStep: number
}

/** An integration method: what `SolveOptions.solver` takes (or its name, for the built-in ones). */
export interface Solver {
  /** Its name in reports and, for the built-in ones, in files. */
  readonly name: string
  /** A fresh integrator of dimension n (its buffers belong to it). */
  integrator(n: number): Integrator
  /** The solve's defaults that depend on the solver, at relative tolerance rtol over a time span. */
  defaults(rtol: number, span: number): SolverDefaults
  /** The embedded Runge–Kutta pair, for a solver that is one (the structured solve runs only those). */
  readonly pair?: RungeKuttaPair
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The solver of an explicit embedded Runge–Kutta pair with the FSAL property (see
 * `RungeKuttaPair`): the native integrator with its PI controller, Gauss–Legendre quadrature of
 * ⌈(order + 1)/2⌉ nodes per backward step (exact to the pair's order), and as many dense
 * samples. The pair's tableau is checked first: its shapes, each stage time the sum of its row,
 * the FSAL stage at the step's end, the error weights summing to 0, and Butcher's order
 * conditions (up to order 4) for the propagated and the embedded weights.
 * @throws RangeError naming the field of the pair that is inconsistent, and how.
 * @example
 * // Heun–Euler 2(1), FSAL form
 * const heun = rungeKuttaSolver({ name: 'heun-euler', order: 2, embeddedOrder: 1, c: Float64Array.of(0, 1, 1),
 *   a: [Float64Array.of(), Float64Array.of(1), Float64Array.of(0.5, 0.5)], e: Float64Array.of(-0.5, 0.5, 0),
 *   dense: hermiteFormWeights(Float64Array.of(0.5, 0.5, 0), undefined), interiorSamples: 0, denseOrder: 2 })
 * networkGradient(network, theta, trial, { solver: heun, rtol: 1e-4 })
 */
export function rungeKuttaSolver(pair: RungeKuttaPair): Solver {
  const bad = pairProblem(pair)
  if (bad !== undefined) throw new RangeError(`Runge–Kutta pair "${pair.name}": ${bad}`)
  const nodes = Math.max(1, Math.ceil((pair.order + 1) / 2))
  const interior = pair.interiorSamples
  return {
    name: pair.name,
    pair,
    integrator: (n) => rungeKuttaIntegrator(pair, n),
    defaults: () => ({ denseNodes: nodes, quadratureNodes: nodes, samplesPerStep: (d) => Math.min(d, interior), initialStep: 0 }),
  }
}

/** Bogacki–Shampine 3(2), FSAL, cubic Hermite dense output: the default at rtol ≥ 1e-6. */
export const bs3: Solver = rungeKuttaSolver(bogackiShampine3)
/** Dormand–Prince 5(4), FSAL, order-4 dense output. */
export const dopri5: Solver = rungeKuttaSolver(dormandPrince5)
/** Tsitouras 5(4), FSAL, order-4 dense output. */
export const tsit5: Solver = rungeKuttaSolver(tsitouras5)
/**
 * odex's Gragg–Bulirsch–Stoer extrapolation (high, adaptive order): the default below rtol 1e-6.
 * Its dense samples and quadrature nodes follow its first extrapolation column at the tolerance.
 */
export const odex: Solver = {
  name: 'odex',
  integrator: odexIntegrator,
  defaults: (rtol, span) => {
    // odex's first extrapolation column for this tolerance (its order adapts around it)
    const k0 = Math.max(2, Math.min(8, Math.floor(1.5 - 0.6 * Math.log10(rtol))))
    return { denseNodes: Math.min(16, 2 * k0 - 2), quadratureNodes: Math.min(8, Math.max(3, k0 + 1)), samplesPerStep: (d) => d, initialStep: span * 1e-3 }
  },
}

/** The built-in solvers by the names files and messages use: the only place a name means a solver. */
export const solvers: Readonly<Record<SolverName, Solver>> = { odex, dopri5, tsit5, bs3 }

/** The solver a name or a value stands for (undefined for an unknown name or a value that is no solver). */
export function solverOf(solver: SolverName | Solver): Solver | undefined {
  if (typeof solver === 'string') return Object.hasOwn(solvers, solver) ? solvers[solver] : undefined
  return isSolver(solver) ? solver : undefined
}

/** The name a file or a message to a worker writes for a solver: a built-in one's, else undefined (a value of the caller's own cannot be written). */
export function solverName(solver: SolverName | Solver): SolverName | undefined {
  if (typeof solver === 'string') return Object.hasOwn(solvers, solver) ? solver : undefined
  return (Object.keys(solvers) as SolverName[]).find((name) => solvers[name] === solver)
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function isSolver(x: unknown): x is Solver {
  const s = x as Partial<Solver> | null
  return typeof s === 'object' && s !== null && typeof s.name === 'string' && typeof s.integrator === 'function' && typeof s.defaults === 'function'
}

/** What is wrong with a pair's tableau, or undefined. */
function pairProblem(p: RungeKuttaPair): string | undefined {
  const s = p.c?.length ?? 0
  if (!(Number.isInteger(p.order) && p.order >= 1)) return `order must be an integer ≥ 1, got ${p.order}`
  if (!(Number.isInteger(p.embeddedOrder) && p.embeddedOrder >= 1 && p.embeddedOrder < p.order)) {
    return `embeddedOrder must be an integer from 1 to order − 1 (${p.order - 1}), got ${p.embeddedOrder}`
  }
  if (s < 2) return `c must hold at least 2 stage times, got ${s}`
  if (p.c[0] !== 0) return `c[0] must be 0 (the first stage is at the step's start), got ${p.c[0]}`
  if (p.c[s - 1] !== 1) return `c[${s - 1}] must be 1 (the last stage is FSAL: at the step's end), got ${p.c[s - 1]}`
  if (p.a?.length !== s) return `a must have one row per stage (${s}), got ${p.a?.length}`
  for (let i = 0; i < s; i++) {
    if (p.a[i]?.length !== i) return `a[${i}] must hold ${i} entries (j < ${i}), got ${p.a[i]?.length}`
    let sum = 0
    for (let j = 0; j < i; j++) sum += p.a[i]![j]!
    if (Math.abs(sum - p.c[i]!) > 1e-12) return `row a[${i}] sums to ${sum}, but c[${i}] is ${p.c[i]} (each stage time is its row's sum)`
  }
  if (p.e?.length !== s) return `e must hold ${s} error weights, got ${p.e?.length}`
  // the propagated weights b (the FSAL row, nothing on the last stage) and the embedded ones b − e
  const b = Float64Array.from({ length: s }, (_, i) => (i < s - 1 ? p.a[s - 1]![i]! : 0))
  const bHat = b.map((bi, i) => bi - p.e[i]!)
  let eSum = 0
  for (let i = 0; i < s; i++) eSum += p.e[i]!
  if (Math.abs(eSum) > 1e-12) return `the error weights e sum to ${eSum}, not 0 (e = b − b̂ of two solutions of order ≥ 1)`
  const unmet = orderConditions(p.a, p.c, b, Math.min(p.order, 4))
  if (unmet !== undefined) return `the weights b (row a[${s - 1}]) do not have order ${p.order}: ${unmet}`
  const unmetHat = orderConditions(p.a, p.c, bHat, Math.min(p.embeddedOrder, 4))
  if (unmetHat !== undefined) return `the embedded weights b − e do not have order ${p.embeddedOrder}: ${unmetHat}`
  if (p.dense?.length !== s || p.dense.some((r) => r.length !== 4)) return `dense must hold ${s} rows of 4 coefficients`
  if (!(Number.isInteger(p.interiorSamples) && p.interiorSamples >= 0)) return `interiorSamples must be an integer ≥ 0, got ${p.interiorSamples}`
  if (!(Number.isInteger(p.denseOrder) && p.denseOrder >= 1)) return `denseOrder must be an integer ≥ 1, got ${p.denseOrder}`
  return undefined
}

/**
 * The first order condition (Butcher's, up to order 4) that weights w miss on the tableau (a, c),
 * or undefined: Σw = 1; Σwc = 1/2; Σwc² = 1/3, Σw(Ac) = 1/6; Σwc³ = 1/4, Σwc(Ac) = 1/8,
 * Σw(Ac²) = 1/12, Σw(A(Ac)) = 1/24.
 */
function orderConditions(a: readonly Float64Array[], c: Float64Array, w: Float64Array, order: number): string | undefined {
  const s = c.length
  const A = (v: Float64Array): Float64Array => Float64Array.from({ length: s }, (_, i) => a[i]!.reduce((sum, aij, j) => sum + aij * v[j]!, 0))
  const dot = (u: Float64Array, v?: Float64Array): number => u.reduce((sum, ui, i) => sum + ui * (v === undefined ? 1 : v[i]!), 0)
  const times = (u: Float64Array, v: Float64Array): Float64Array => u.map((ui, i) => ui * v[i]!)
  const c2 = times(c, c)
  const Ac = A(c)
  const conditions: [number, string, number, number][] = [
    [1, 'Σ b_i', dot(w), 1],
    [2, 'Σ b_i c_i', dot(w, c), 1 / 2],
    [3, 'Σ b_i c_i²', dot(w, c2), 1 / 3],
    [3, 'Σ b_i a_ij c_j', dot(w, Ac), 1 / 6],
    [4, 'Σ b_i c_i³', dot(w, times(c2, c)), 1 / 4],
    [4, 'Σ b_i c_i a_ij c_j', dot(w, times(c, Ac)), 1 / 8],
    [4, 'Σ b_i a_ij c_j²', dot(w, A(c2)), 1 / 12],
    [4, 'Σ b_i a_ij a_jk c_k', dot(w, A(Ac)), 1 / 24],
  ]
  for (const [k, name, value, want] of conditions) {
    if (k <= order && Math.abs(value - want) > 1e-12) return `${name} = ${value}, order ${k} needs ${want}`
  }
  return undefined
}
