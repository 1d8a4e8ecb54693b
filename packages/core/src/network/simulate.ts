import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import { solveForward } from '../ode/solveForward.js'
import { invalidProblem, type SolveError } from '../ode/solveError.js'
import type { Problem } from '../ode/problem.js'
import type { SolveOptions } from '../ode/solveOptions.js'
import type { Readout, Trial } from '../plugin/task.js'
import { trialSetupFailed } from '../plugin/trialSetupFailed.js'
import { hasDelays, type Network } from './network.js'
import { networkForward } from './blocks/networkBlocks.js'
import { closedFormGradient, closedFormPlan, type ClosedFormPlan } from './closedForm/closedFormNetwork.js'
import { closedForm, structureOf } from '../ode/structure.js'
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
  const solve = options.solve ?? {}
  const plan = structureOf(solve.structure ?? 'monolithic') === closedForm ? closedFormPlan(network) : undefined
  const grid =
    plan !== undefined && !('reason' in plan)
      ? closedFormGrid(plan, theta, trial, times, solve)
      : hasDelays(network)
        ? structuredGrid(network, theta, trial, times, solve)
        : monolithicGrid(network, theta, trial, times, solve)
  if (isLeft(grid)) return grid
  const { traces, voltages, finalVoltages, events, loss } = grid.right
  const { layout, readout } = network
  const N = layout.neurons
  const Nout = readout.size
  const values = new Float64Array((K + 1) * Nout)
  for (let k = 0; k <= K; k++) {
    for (const term of readout.terms) {
      const pop = network.populations[term.population]
      for (let r = 0; r < Nout; r++) {
        let acc = 0
        for (let j = 0; j < pop.size; j++) acc += theta[term.offset + r * pop.size + j] * traces[k * N + pop.neuronOffset + j]
        values[k * Nout + r] += acc
      }
    }
  }
  const spikes: Float64Array[] = []
  network.populations.forEach((pop) => {
    spikes.push(
      ...(pop.neuron.reset !== undefined
        ? resetSpikes(pop.size, `reset:${pop.name}`, events)
        : crossingSpikes(pop.size, times, voltages, N, pop.neuronOffset, T, finalVoltages, pop.gate.center, pop.gate.period)),
    )
  })
  return right({
    readout: { times, values },
    ...(options.traces === true && { traces }),
    ...(options.voltages === true && { voltages }),
    spikes,
    spikeCounts: spikes.map((s) => s.length),
    loss,
  })
}

/** Every neuron's trace and gate voltage on the grid (time-major, N a time), its voltage at T, the events fired, the loss. */
interface Grid {
  readonly traces: Float64Array
  readonly voltages: Float64Array
  readonly finalVoltages: Float64Array
  readonly events: readonly { t: number; family: string; index: number }[]
  readonly loss: number
}

/** The grid from the network solved as one ODE (`networkProblem`). */
function monolithicGrid(network: Network, theta: Float64Array, trial: Trial, times: Float64Array, solve: SolveOptions): Either<SolveError, Grid> {
  let problem: Problem, y0: Float64Array
  try {
    problem = networkProblem(network, trial)
    y0 = trialInitialState(network, trial)
  } catch (e) {
    return left(trialSetupFailed('the trial does not fit the network', e))
  }
  const solved = solveForward(problem, { t0: 0, t1: trial.duration, y0, theta }, solve, { saveAt: times })
  if (isLeft(solved)) return solved
  const N = network.layout.neurons
  const n = problem.dimension
  const states = solved.right.saved!.states
  const K = times.length
  const traces = new Float64Array(K * N)
  const voltages = new Float64Array(K * N)
  const finalVoltages = new Float64Array(N)
  for (const pop of network.populations) {
    const vOff = pop.stateOffset + pop.neuron.voltageIndex * pop.size
    for (let k = 0; k < K; k++) {
      traces.set(states.subarray(k * n + pop.traceOffset, k * n + pop.traceOffset + pop.size), k * N + pop.neuronOffset)
      voltages.set(states.subarray(k * n + vOff, k * n + vOff + pop.size), k * N + pop.neuronOffset)
    }
    finalVoltages.set(solved.right.y1.subarray(vOff, vOff + pop.size), pop.neuronOffset)
  }
  return right({ traces, voltages, finalVoltages, events: solved.right.events, loss: solved.right.loss })
}

/** The grid from the network in closed form (`closedFormGradient`'s forward pass, sampled). */
function closedFormGrid(plan: ClosedFormPlan, theta: Float64Array, trial: Trial, times: Float64Array, solve: SolveOptions): Either<SolveError, Grid> {
  const N = plan.network.layout.neurons
  const K = times.length
  const sample = { times, traces: new Float64Array(K * N), voltages: new Float64Array(K * N), finalVoltages: new Float64Array(N) }
  let solved: ReturnType<typeof closedFormGradient>
  try {
    solved = closedFormGradient(plan, trial, theta, { rtol: solve.rtol ?? 1e-8 }, false, sample)
  } catch (e) {
    return left(trialSetupFailed('the trial does not fit the network', e))
  }
  if (isLeft(solved)) return solved
  return right({ traces: sample.traces, voltages: sample.voltages, finalVoltages: sample.finalVoltages, events: solved.right.events, loss: solved.right.loss })
}

/** The grid from the network solved by its structure (`networkBlocks`, one block per population). */
function structuredGrid(network: Network, theta: Float64Array, trial: Trial, times: Float64Array, solve: SolveOptions): Either<SolveError, Grid> {
  const solved = networkForward(network, theta, trial, times, solve)
  if (isLeft(solved)) return solved
  const { problem: blocks, solution } = solved.right
  const N = network.layout.neurons
  const K = times.length
  const traces = new Float64Array(K * N)
  const voltages = new Float64Array(K * N)
  const finalVoltages = new Float64Array(N)
  // block b is population order[b]; its component state is [x (m variables), s, …]
  const order = blocks.blocks.map((b) => network.populations.findIndex((p) => p.name === b.name))
  order.forEach((q, b) => {
    const pop = network.populations[q]
    const d = blocks.blocks[b].problem.dimension
    const m = pop.neuron.stateNames.length
    const v = pop.neuron.voltageIndex
    const st = solution.states[b]
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < pop.size; j++) {
        traces[k * N + pop.neuronOffset + j] = st[(k * pop.size + j) * d + m]
        voltages[k * N + pop.neuronOffset + j] = st[(k * pop.size + j) * d + v]
      }
    }
    for (let j = 0; j < pop.size; j++) finalVoltages[pop.neuronOffset + j] = solution.final[b][j * d + v]
  })
  return right({ traces, voltages, finalVoltages, events: solution.events, loss: solution.loss })
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
  voltages: Float64Array,
  stride: number,
  offset: number,
  T: number,
  finalVoltages: Float64Array,
  center: number,
  period: number | undefined,
): Float64Array[] {
  const K = times.length
  const last = times[K - 1] < T
  const level = (v: number): number => (period === undefined ? (v >= center ? 0 : -1) : Math.floor((v - center) / period))
  return Array.from({ length: N }, (_, j) => {
    const found: number[] = []
    let tPrev = times[0]
    let vPrev = voltages[offset + j]
    const visit = (t: number, v: number): void => {
      for (let m = level(vPrev) + 1; m <= level(v); m++) {
        const c = period === undefined ? center : center + m * period
        found.push(tPrev + ((c - vPrev) / (v - vPrev)) * (t - tPrev))
      }
      tPrev = t
      vPrev = v
    }
    for (let k = 1; k < K; k++) visit(times[k], voltages[k * stride + offset + j])
    if (last) visit(T, finalVoltages[offset + j])
    return Float64Array.from(found)
  })
}
