import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { solveForward } from '../ode/solveForward.js'
import { invalidProblem, type SolveError } from '../ode/solveError.js'
import type { Problem } from '../ode/problem.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Readout, Trial } from '../plugin/task.js'
import { trialSetupFailed } from '../plugin/trialSetupFailed.js'
import type { Network } from './network.js'
import { trialInitialState } from './networkEvents.js'
import { networkProblem } from './networkProblem.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** How `simulate` samples a trial: the grid, the solver, and which state to return beside the readout. */
export interface SimulateOptions {
  /** Spacing of the output grid t_k = k·dt, k = 0 … ⌊T/dt⌋, ms (default 1). */
  readonly dt?: number
  /** Options of the forward solve (default: `SolveOptions`' defaults). */
  readonly solve?: SolveOptions
  /** Also return the synaptic traces s_j(t_k). */
  readonly traces?: boolean
  /** Also return the gate's voltage v_j(t_k) (θ_j for theta neurons). */
  readonly voltages?: boolean
}

/**
 * A network's response to one trial. Neurons are numbered over all populations in their
 * order (population q's neuron j is `neuronOffset_q + j`); arrays on the grid are time-major:
 * a[k·N + j] for N neurons in all.
 */
export interface Simulation {
  /** o(t_k) = Σ_p O_p s_p(t_k) on the grid (the task's `score` reads this). */
  readonly readout: Readout
  readonly traces?: Float64Array
  readonly voltages?: Float64Array
  /** Spike times of each neuron, ms, increasing. */
  readonly spikes: readonly Float64Array[]
  /** Spikes of each neuron. */
  readonly spikeCounts: readonly number[]
  /** L = ∫ l dt + Φ over the trial. */
  readonly loss: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Runs `network` with parameters θ on `trial` (forward solve only) and samples it on a
 * uniform grid. Spikes:
 * - a neuron with a reset (LIF): the times of its reset events, as located by the solver;
 * - a reset-free neuron (theta): its voltage passing the centre c of the gate's zone upward
 *   — for a periodic gate every c + m·period (θ passing π mod 2π) — found between grid
 *   samples (and the final state) and refined by linear interpolation,
 *   t* = t_k + (c_m − v_k) / (v_{k+1} − v_k) · (t_{k+1} − t_k).
 * Never throws: a failed solve is a `SolveError`.
 */
export function simulate(network: Network, theta: Float64Array, trial: Trial, options: SimulateOptions = {}): Either<SolveError, Simulation> {
  const dt = options.dt ?? 1
  if (!(Number.isFinite(dt) && dt > 0)) return left(invalidProblem('dt', `must be a positive number of ms, got ${dt}`))
  const T = trial.duration
  const K = Math.floor(T / dt + 1e-9)
  const times = new Float64Array(K + 1)
  for (let k = 0; k <= K; k++) times[k] = Math.min(k * dt, T)
  let problem: Problem, y0: Float64Array
  try {
    problem = networkProblem(network, trial)
    y0 = trialInitialState(network, trial)
  } catch (e) {
    return left(trialSetupFailed('the trial does not fit the network', e))
  }
  const solved = solveForward(problem, { t0: 0, t1: T, y0, theta }, options.solve ?? {}, { saveAt: times })
  if (isLeft(solved)) return solved
  const { layout, readout } = network
  const N = layout.neurons
  const Nout = readout.size
  const n = problem.dimension
  const states = solved.right.saved!.states
  const values = new Float64Array((K + 1) * Nout)
  for (let k = 0; k <= K; k++) {
    for (const term of readout.terms) {
      const pop = network.populations[term.population]
      for (let r = 0; r < Nout; r++) {
        let acc = 0
        for (let j = 0; j < pop.size; j++) acc += theta[term.offset + r * pop.size + j] * states[k * n + pop.traceOffset + j]
        values[k * Nout + r] += acc
      }
    }
  }
  /** Per grid time, one value per neuron (population order): its trace, or its gate's voltage. */
  const perNeuron = (offsetOf: (q: number) => number): Float64Array => {
    const out = new Float64Array((K + 1) * N)
    for (let k = 0; k <= K; k++) {
      network.populations.forEach((pop, q) => {
        const off = offsetOf(q)
        out.set(states.subarray(k * n + off, k * n + off + pop.size), k * N + pop.neuronOffset)
      })
    }
    return out
  }
  const vOffset = (q: number): number => {
    const pop = network.populations[q]
    return pop.stateOffset + pop.neuron.voltageIndex * pop.size
  }
  const spikes: Float64Array[] = []
  network.populations.forEach((pop, q) => {
    spikes.push(
      ...(pop.neuron.reset !== undefined
        ? resetSpikes(pop.size, `reset:${pop.name}`, solved.right.events)
        : crossingSpikes(pop.size, times, states, n, vOffset(q), T, solved.right.y1, pop.gate.center, pop.gate.period)),
    )
  })
  return right({
    readout: { times, values },
    ...(options.traces === true && { traces: perNeuron((q) => network.populations[q].traceOffset) }),
    ...(options.voltages === true && { voltages: perNeuron(vOffset) }),
    spikes,
    spikeCounts: spikes.map((s) => s.length),
    loss: solved.right.loss,
  })
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function resetSpikes(N: number, family: string, events: readonly { t: number; family: string; index: number }[]): Float64Array[] {
  const lists: number[][] = Array.from({ length: N }, () => [])
  for (const e of events) if (e.family === family) lists[e.index].push(e.t)
  return lists.map((l) => Float64Array.from(l))
}

/** Upward crossings of c (+ m·period) by v_j, between consecutive samples and the end state. */
function crossingSpikes(
  N: number,
  times: Float64Array,
  states: Float64Array,
  n: number,
  vOff: number,
  T: number,
  y1: Float64Array,
  center: number,
  period: number | undefined,
): Float64Array[] {
  const K = times.length
  const last = times[K - 1] < T
  const level = (v: number): number => (period === undefined ? (v >= center ? 0 : -1) : Math.floor((v - center) / period))
  return Array.from({ length: N }, (_, j) => {
    const found: number[] = []
    let tPrev = times[0]
    let vPrev = states[vOff + j]
    const visit = (t: number, v: number): void => {
      for (let m = level(vPrev) + 1; m <= level(v); m++) {
        const c = period === undefined ? center : center + m * period
        found.push(tPrev + ((c - vPrev) / (v - vPrev)) * (t - tPrev))
      }
      tPrev = t
      vPrev = v
    }
    for (let k = 1; k < K; k++) visit(times[k], states[k * n + vOff + j])
    if (last) visit(T, y1[vOff + j])
    return Float64Array.from(found)
  })
}
