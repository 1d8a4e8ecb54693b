import type { EventFamily } from '../ode/problem.js'
import type { Trial } from '../plugin/task.js'
import type { Network, NetworkPopulation } from './network.js'

/**
 * The events of a network on a trial: each population's neuron resets (`reset:<population>`),
 * the jumps of each population's discontinuous gate (`gate-edge:<population>`), and the input
 * spikes (`input-spike`), whose trace jumps by 1/tau at a known time.
 */
export function networkEvents(
  net: Network,
  trial: Trial,
  pq: readonly Float64Array[],
  pAccq: readonly Float64Array[],
  params: (theta: Float64Array) => void,
  /** acc += population q's parameter gradient from pAccq[q] (shared entries summed over neurons). */
  addParamGradients: (q: number, acc: Float64Array) => void,
  xOf: (buf: Float64Array, q: number) => Float64Array,
  xTransient: (buf: Float64Array, q: number) => Float64Array,
): EventFamily[] {
  const families: EventFamily[] = []
  net.populations.forEach((pop, q) => {
    const reset = resetEvents(pop, q, pq[q], pAccq[q], params, (acc) => addParamGradients(q, acc), xOf, xTransient)
    if (reset !== undefined) families.push(reset)
    families.push(...gateEdgeEvents(pop))
  })
  const spikes = inputSpikeEvents(net, trial)
  if (spikes !== undefined) families.push(spikes)
  return families
}

/**
 * The spikes of the trial's spike-input channels within (0, T), one event member each: its
 * condition t − t_k rises through 0 at the spike, and the jump adds 1/tau_c to the channel's
 * trace (an identity Jacobian; the time does not depend on the state, so the adjoint only
 * carries λ across). Spikes at t ≤ 0 are in the initial state (`trialInitialState`).
 * @throws RangeError when `trial.spikes` does not give one list of finite times per channel.
 */
export function inputSpikeEvents(net: Network, trial: Trial): EventFamily | undefined {
  const channels = net.layout.spikeChannels
  if (channels === 0) return undefined
  const lists = checkedSpikes(net, trial)
  const times: number[] = []
  const components: number[] = []
  const jumps: number[] = []
  for (const c of net.inputs) {
    if (c.kind !== 'spikes') continue
    for (let k = 0; k < c.size; k++) {
      const list = lists[c.channelOffset + k]
      for (let i = 0; i < list.length; i++) {
        const t = list[i]
        if (t > 0 && t < trial.duration) {
          times.push(t)
          components.push(c.traceOffset + k)
          jumps.push(1 / c.tauS)
        }
      }
    }
  }
  if (times.length === 0) return undefined
  const none: readonly number[] = []
  return {
    name: 'input-spike',
    count: times.length,
    direction: 'rising',
    components: () => none,
    condition: (k, t) => t - times[k],
    conditionGradient: () => undefined,
    conditionTimeDerivative: () => 1,
    jump(k, _t, _yMinus, _theta, yPlus) {
      yPlus[components[k]] += jumps[k]
    },
    jumpVjp: () => undefined,
  }
}

/**
 * y0 of a trial: the network's initial state, with the traces of the spike-input channels
 * carrying the spikes at t ≤ 0, r_c(0) = Σ_{t_k ≤ 0} exp(t_k / tau_c) / tau_c.
 * @throws RangeError as `inputSpikeEvents`.
 */
export function trialInitialState(net: Network, trial: Trial): Float64Array {
  if (net.layout.spikeChannels === 0) return net.initialState
  const lists = checkedSpikes(net, trial)
  const y0 = Float64Array.from(net.initialState)
  for (const c of net.inputs) {
    if (c.kind !== 'spikes') continue
    for (let k = 0; k < c.size; k++) {
      const list = lists[c.channelOffset + k]
      for (let i = 0; i < list.length; i++) if (list[i] <= 0) y0[c.traceOffset + k] += Math.exp(list[i] / c.tauS) / c.tauS
    }
  }
  return y0
}

function checkedSpikes(net: Network, trial: Trial): readonly ArrayLike<number>[] {
  const channels = net.layout.spikeChannels
  const lists = trial.spikes
  if (lists === undefined || lists.length !== channels) {
    throw new RangeError(`the trial gives ${lists === undefined ? 'no spike trains' : `${lists.length} spike trains`}; the network's spike inputs have ${channels} channels`)
  }
  for (let c = 0; c < channels; c++) {
    const l = lists[c]
    for (let k = 0; k < l.length; k++) {
      if (!Number.isFinite(l[k])) throw new RangeError(`trial.spikes[${c}][${k}] must be a finite time in ms, got ${String(l[k])}`)
    }
  }
  return lists
}

/** The neuron's reset of population q, one event per neuron (LIF). */
function resetEvents(
  pop: NetworkPopulation,
  q: number,
  p: Float64Array,
  pAcc: Float64Array,
  params: (theta: Float64Array) => void,
  addParams: (acc: Float64Array) => void,
  xOf: (buf: Float64Array, q: number) => Float64Array,
  xTransient: (buf: Float64Array, q: number) => Float64Array,
): EventFamily | undefined {
  const reset = pop.neuron.reset
  if (reset === undefined) return undefined
  const N = pop.size
  const m = pop.neuron.stateNames.length
  const so = pop.stateOffset
  const grad = new Float64Array(m)
  const comps = Array.from({ length: N }, (_, j) => Array.from({ length: m }, (_, a) => so + a * N + j))
  const trained = pop.paramOffsets.some((off) => off >= 0)
  return {
    name: `reset:${pop.name}`,
    count: N,
    direction: 'rising',
    components: (j) => comps[j],
    condition(j, _t, y, theta) {
      params(theta)
      return reset.condition(p, N, j, xOf(y, q))
    },
    conditionGradient(j, _t, y, theta, out) {
      params(theta)
      reset.conditionGradient(p, N, j, xTransient(y, q), grad)
      for (let a = 0; a < m; a++) out[so + a * N + j] = grad[a]
    },
    ...(trained &&
      reset.conditionParamGradient && {
        conditionParamGradient(j: number, _t: number, y: Float64Array, theta: Float64Array, scale: number, acc: Float64Array) {
          params(theta)
          pAcc.fill(0)
          reset.conditionParamGradient!(p, N, j, xTransient(y, q), scale, pAcc)
          addParams(acc)
        },
      }),
    jump(j, _t, _yMinus, theta, yPlus) {
      params(theta)
      reset.jump(p, N, j, xTransient(yPlus, q))
    },
    jumpVjp(j, _t, yMinus, theta, _lamPlus, out) {
      params(theta)
      reset.jumpVjp(p, N, j, xTransient(yMinus, q), xTransient(out, q))
    },
    ...(trained &&
      reset.jumpParamVjp && {
        jumpParamVjp(j: number, _t: number, yMinus: Float64Array, theta: Float64Array, lamPlus: Float64Array, acc: Float64Array) {
          params(theta)
          pAcc.fill(0)
          reset.jumpParamVjp!(p, N, j, xTransient(yMinus, q), xTransient(lamPlus, q), pAcc)
          addParams(acc)
        },
      }),
  }
}

/** Neuron j's gate shift (its gate is g(v − shift_j)), 0 when the population's neurons share one zone. */
const gateShiftOf = (pop: NetworkPopulation): ((j: number) => number) => {
  const shift = pop.gateShift
  return shift === undefined ? () => 0 : (j) => shift[j]
}

/**
 * Jumps of a discontinuous gate (the box) as identity-jump events, so that the integrator
 * stops there and the jump condition carries the δ-terms of g'. With the gate's
 * `discontinuity.side` there is one event per neuron on its sign (the same arithmetic as the
 * gate's value, so the state after the event is on the new side to the last bit); otherwise
 * one event per neuron and edge on v − edge, or sin(π(v − edge)/P) for a periodic voltage.
 * A neuron whose gate is moved (`gateShift`) reads v − shift_j; `shiftOf` gives it (default: the population's).
 */
export function gateEdgeEvents(pop: NetworkPopulation, shiftOf: (j: number) => number = gateShiftOf(pop)): EventFamily[] {
  const { gate, neuron } = pop
  const N = pop.size
  const vOff = pop.stateOffset + neuron.voltageIndex * N
  const comps = Array.from({ length: N }, (_, j) => [vOff + j])
  const name = `gate-edge:${pop.name}`
  const d = gate.discontinuity
  if (d !== undefined) {
    return [
      {
        name,
        count: N,
        direction: 'either',
        components: (j) => comps[j],
        condition: (j, _t, y) => d.side(y[vOff + j] - shiftOf(j)),
        conditionGradient(j, _t, y, _theta, out) {
          out[vOff + j] = d.sideDerivative(y[vOff + j] - shiftOf(j))
        },
        jump: () => undefined,
        jumpVjp: () => undefined,
      },
    ]
  }
  const edges = gate.edges
  if (edges.length === 0) return []
  const E = edges.length
  const period = gate.period
  const c = period === undefined ? (v: number, e: number) => v - e : (v: number, e: number) => Math.sin((Math.PI * (v - e)) / period)
  const dc = period === undefined ? () => 1 : (v: number, e: number) => (Math.PI / period) * Math.cos((Math.PI * (v - e)) / period)
  return [
    {
      name,
      count: N * E,
      direction: 'either',
      components: (k) => comps[Math.floor(k / E)],
      condition: (k, _t, y) => c(y[vOff + Math.floor(k / E)] - shiftOf(Math.floor(k / E)), edges[k % E]),
      conditionGradient(k, _t, y, _theta, out) {
        const j = Math.floor(k / E)
        out[vOff + j] = dc(y[vOff + j] - shiftOf(j), edges[k % E])
      },
      jump: () => undefined,
      jumpVjp: () => undefined,
    },
  ]
}
