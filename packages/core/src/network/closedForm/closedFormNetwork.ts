/**
 * A network of leaky integrate-and-fire populations that read spike inputs, with a readout, solved
 * in closed form (DESIGN §8, "the exact sub-threshold flow"): no ODE steps at all.
 *
 * Between two input spikes, neuron j's current is I = b + a(t) with a(t) = a_k e^{−Δ/τa}, so its
 * voltage is a sum of exponentials,
 *
 *   v(t_k + Δ) = b + (v_k − b) e^{−Δ/τm} + a_k τa φ(Δ),   φ(Δ) = (e^{−Δ/τa} − e^{−Δ/τm}) / (τa − τm),
 *
 * with at most one extremum: zone entries, exits and threshold crossings are roots of a monotone
 * function, found to rounding. The trace obeys τs ṡ = −s + g(v) v̇: outside the gate's zone it
 * decays, s(t) = s(t_e) e^{−(t−t_e)/τs}; inside, it is a quadrature of g(v) v̇ e^{t/τs}, done by
 * Gauss–Legendre on pieces over which v moves by a fraction of the zone's width. The readout
 * o = Σ O s is the decaying sum of the neurons outside their zones (one number per output, updated
 * when a neuron enters or leaves) plus the few inside, so the loss L = ∫ l(t, o) dt costs a few
 * operations per quadrature node, whatever the number of neurons.
 *
 * The adjoint, in the variables of DESIGN §6 (p_s = λ_s/τs, p_v = λ_v + g(v) p_s, p_a = λ_a):
 *
 *   τs ṗ_s = p_s − e,   e = Oᵀ c,  c = ∂l/∂o
 *   ṗ_v = p_v/τm + g(v) ṗ_s,   ṗ_a = p_a/τa − p_v/τm
 *
 * The trace adjoint of every neuron is a combination of the same few channels, p_s = Oᵀ P with
 * τs Ṗ = P − c (P integrated once, backward, for all neurons); outside its zone a neuron's p_v and
 * p_a follow in closed form, inside by the same quadrature as s. At a reset (v rises through v_th
 * and jumps to v_reset, below the zone) p_v⁻ = p_v⁺ f⁺/f⁻ with f^± = (−v^± + I)/τm. The gradients:
 * dL/db = ∫ p_v/τm dt, dL/dU_c = Σ_{spikes of c} p_a/τa (+ p_a(0) r_c(0)), dL/dO_rj = ∫ c_r s_j dt.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { GradientSolution } from '../../ode/adjointGradient.js'
import type { FiredEvent } from '../../ode/solveForward.js'
import { nonFiniteState, type SolveError } from '../../ode/solveError.js'
import type { Trial } from '../../plugin/task.js'
import { trialInitialState } from '../networkEvents.js'
import { backwardPass, channels } from './backwardPass.js'
import type { ClosedFormPlan } from './closedFormPlan.js'
import { buildGrid, costSweep } from './costSweep.js'
import { forwardPass } from './forwardPass.js'
import { ruleOf } from './gaussRule.js'
import type { ClosedFormSample } from './closedFormSample.js'
import { room, roomInt, Workspace, type Numbers } from './workspace.js'

export { closedFormPlan, type ClosedFormPlan } from './closedFormPlan.js'
export type { ClosedFormSample } from './closedFormSample.js'

/** Tolerances of a closed-form solve: rtol sets the quadrature's resolution (pieces of the zone, node spacing). */
export interface ClosedFormOptions {
  readonly rtol: number
}

const workspace = new Workspace()

/**
 * L and dL/dθ of `network` on `trial` at θ in closed form (`closedFormPlan`), or the SolveError of
 * a non-finite value or a bad initial state. `withGradient: false` computes the loss alone;
 * `sample`, when given, receives v and s of every neuron at its times (`simulate`'s grid).
 */
export function closedFormGradient(
  plan: ClosedFormPlan,
  trial: Trial,
  theta: Float64Array,
  options: ClosedFormOptions,
  withGradient = true,
  sample?: ClosedFormSample,
): Either<SolveError, GradientSolution> {
  // one workspace per thread, reused; a solve started inside another (by a plugin) gets its own
  const w = workspace.busy ? new Workspace() : workspace
  w.busy = true
  try {
    return solve(w, plan, trial, theta, options, withGradient, sample)
  } finally {
    w.release()
  }
}

function solve(
  w: Workspace,
  plan: ClosedFormPlan,
  trial: Trial,
  theta: Float64Array,
  options: ClosedFormOptions,
  withGradient: boolean,
  sample: ClosedFormSample | undefined,
): Either<SolveError, GradientSolution> {
  const clock0 = performance.now()
  begin(w, plan, trial, theta, options.rtol, withGradient, sample)
  const failed = forwardPass(w)
  if (failed !== undefined) return left(failed)
  buildGrid(w)
  const grad = new Float64Array(theta.length)
  const cost = costSweep(w, grad)
  if (!('loss' in cost)) return left(cost)
  const forwardMs = performance.now() - clock0
  const S = w.g.n - 1
  if (!withGradient) return right(solution(cost.loss, grad, w.events, { forwardMs, backwardMs: 0 }, S, cost.nodes, 0))
  const clock1 = performance.now()
  channels(w)
  backwardPass(w, grad)
  for (let k = 0; k < grad.length; k++) {
    if (!Number.isFinite(grad[k])) return left(nonFiniteState(0, k, 'the closed-form gradient', `entry ${k} of θ`))
  }
  return right(solution(cost.loss, grad, w.events, { forwardMs, backwardMs: performance.now() - clock1 }, S, cost.nodes, w.pieces))
}

/**
 * The setting of a solve into w: the resolution from rtol (the rule: 4 nodes at rtol ≥ 1e-4, 6 to
 * 1e-7, else 8; zone levels per gate width; the longest sub-piece and cost interval, a time
 * constant or T/16 at most), the input spikes of each population in time order, the loss's
 * breakpoints, and every kink of the adjoint's forcing.
 */
function begin(w: Workspace, plan: ClosedFormPlan, trial: Trial, theta: Float64Array, rtol: number, withGradient: boolean, sample: ClosedFormSample | undefined): void {
  const net = plan.network
  const pops = net.populations
  const T = trial.duration
  w.reset()
  w.plan = plan
  w.net = net
  w.trial = trial
  w.theta = theta
  w.T = T
  w.withGradient = withGradient
  w.sample = sample
  w.y0 = trialInitialState(net, trial)
  w.rule = ruleOf(rtol >= 1e-4 ? 4 : rtol >= 1e-7 ? 6 : 8)
  w.perWidth = rtol >= 1e-4 ? 2 : Math.ceil(3 * Math.pow(1e-4 / rtol, 1 / 8))
  w.hMax = Math.min(plan.tauMin, T / 16) * Math.min(1, Math.pow(rtol / 1e-3, 1 / 4))
  const terms = net.readout.terms
  w.tauS = terms.length > 0 ? pops[terms[0].population].tauS : 1
  const Ntot = net.layout.neurons
  w.nB = room(w.nB, Ntot)
  w.nShift = room(w.nShift, Ntot)
  w.nS0 = room(w.nS0, Ntot)
  w.pieceFirst = roomInt(w.pieceFirst, Ntot + 1)
  // per population: its input spikes in (0, T), by time, then channel
  w.spkFirst = roomInt(w.spkFirst, pops.length + 1)
  const { spkT, spkC } = w
  for (let q = 0; q < pops.length; q++) {
    w.spkFirst[q] = spkT.n
    const pi = plan.spikeProjection[q]
    if (pi < 0) continue
    const input = net.inputs[net.projections[pi].source.index]
    for (let c = 0; c < input.size; c++) {
      const times = trial.spikes![input.channelOffset + c]
      for (let k = 0; k < times.length; k++) {
        if (!(times[k] > 0 && times[k] < T)) continue
        spkT.push(times[k])
        spkC.push(c)
      }
    }
    sortSpikes(w, w.spkFirst[q], spkT.n)
  }
  w.spkFirst[pops.length] = spkT.n
  // the breakpoints, and those with every spike: sorted, distinct
  for (const b of trial.breakpoints ?? []) if (b > 0 && b < T) w.bp.push(Number(b))
  for (let k = 0; k < w.bp.n; k++) w.kinks.push(w.bp.a[k])
  for (let k = 0; k < spkT.n; k++) w.kinks.push(spkT.a[k])
  sortDistinct(w.kinks)
}

/**
 * Sorts the spikes first … end − 1 of w.spkT, w.spkC by time, then channel, in place: insertion
 * sort for a few (a trial's channels are few and their spikes mostly in order), heapsort beyond.
 * Equal keys are equal pairs, so either order is the one order.
 */
function sortSpikes(w: Workspace, first: number, end: number): void {
  const t = w.spkT.a
  const c = w.spkC.a
  if (end - first <= 64) {
    for (let i = first + 1; i < end; i++) {
      const x = t[i]
      const y = c[i]
      let k = i - 1
      while (k >= first && (t[k] > x || (t[k] === x && c[k] > y))) {
        t[k + 1] = t[k]
        c[k + 1] = c[k]
        k--
      }
      t[k + 1] = x
      c[k + 1] = y
    }
    return
  }
  const n = end - first
  for (let root = (n >> 1) - 1; root >= 0; root--) siftDown(t, c, first, root, n)
  for (let last = n - 1; last > 0; last--) {
    swap(t, c, first, first + last)
    siftDown(t, c, first, 0, last)
  }
}

/** The heap of pairs at first + 0 … first + n − 1: the pair at `root` sifted down (largest key on top). */
function siftDown(t: Float64Array, c: Float64Array, first: number, root: number, n: number): void {
  for (;;) {
    let child = 2 * root + 1
    if (child >= n) return
    const a = first + child
    if (child + 1 < n && (t[a + 1] > t[a] || (t[a + 1] === t[a] && c[a + 1] > c[a]))) child++
    const r = first + root
    const k = first + child
    if (!(t[k] > t[r] || (t[k] === t[r] && c[k] > c[r]))) return
    swap(t, c, r, k)
    root = child
  }
}

function swap(t: Float64Array, c: Float64Array, i: number, j: number): void {
  const x = t[i]
  t[i] = t[j]
  t[j] = x
  const y = c[i]
  c[i] = c[j]
  c[j] = y
}

/** Sorts the list's entries ascending and drops repeats, in place. */
function sortDistinct(list: Numbers): void {
  const a = list.a
  a.subarray(0, list.n).sort()
  let n = 0
  for (let i = 0; i < list.n; i++) if (n === 0 || a[i] !== a[n - 1]) a[n++] = a[i]
  list.n = n
}

function solution(
  loss: number,
  gradient: Float64Array,
  events: FiredEvent[],
  timing: { forwardMs: number; backwardMs: number },
  intervals: number,
  nodes: number,
  pieces: number,
): GradientSolution {
  events.sort((x, y) => x.t - y.t)
  return {
    loss,
    gradient,
    initialStateGradient: new Float64Array(0),
    y1: new Float64Array(0),
    events,
    stats: {
      forward: { rhsEvals: nodes, steps: intervals, accepted: intervals, rejected: 0, events: events.length, checkpoints: 0 },
      recompute: { rhsEvals: 0, steps: 0, accepted: 0, rejected: 0, events: 0 },
      backward: { vjpStateEvals: 0, vjpParamsEvals: 0, rhsEvals: 0, steps: pieces, accepted: pieces, rejected: 0 },
      peakTrajectoryBytes: 0,
      memory: 'all',
      timing: { forwardMs: timing.forwardMs, recomputeMs: 0, backwardMs: timing.backwardMs, quadratureMs: 0 },
    },
  }
}
