import type { FinalLossView, Loss, ParameterSpec } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'
import { readOptions } from './readOptions.js'

// model

/**
 * Parameters of the first-spike cross-entropy: `scale` (default 1), `tau0` (ms, default 0.5) the
 * softmax's time scale, `tau1` (ms, default 6.4) and `alpha` (default 3e-3) the early-spike
 * regulariser's, `threshold` (default 1, the LIF's v_th) and `silentSlope` (ms per unit of
 * voltage, default 10) of the stand-in time of a neuron that never fired.
 */
export const firstSpikeCrossEntropyParameters: readonly ParameterSpec[] = [
  { name: 'scale', value: 1, unit: '1', description: 'factor on the term', min: 0 },
  { name: 'tau0', value: 0.5, unit: 'ms', description: 'time scale of the softmax over −t_first/tau0', min: 1e-6 },
  { name: 'tau1', value: 6.4, unit: 'ms', description: 'time scale of the early-spike regulariser alpha (exp(t_label/tau1) − 1)', min: 1e-6 },
  { name: 'alpha', value: 3e-3, unit: '1', description: 'weight of the early-spike regulariser', min: 0 },
  { name: 'threshold', value: 1, unit: 'voltage', description: 'the threshold a silent neuron is measured from (its stand-in time)' },
  { name: 'silentSlope', value: 10, unit: 'ms per voltage unit', description: 'how much later than T a silent neuron counts, per unit of voltage below threshold at T', min: 0 },
]

// constructors

/**
 * The time-to-first-spike classification loss of EventProp's Yin-Yang experiment (Wunderlich &
 * Pehle 2021): with t_j the first reset of output neuron j and y the target (one-hot, read at
 * the end of the trial; the trial's weight is not used),
 *
 *     Ψ = scale · Σ_r y_r [ −log p_r + alpha (exp(t_r / tau1) − 1) ],   p = softmax(−t / tau0)
 *     ∂Ψ/∂t_j = scale · [ (y_j − p_j Σ_r y_r) / tau0 + alpha y_j exp(t_j / tau1) / tau1 ]
 *
 * The softmax asks the label's neuron to fire first, by a margin of a few tau0; the regulariser
 * asks it to fire early, which keeps a network from winning by silencing the others late.
 *
 * **A neuron that never fires** has no first time. Leaving it out, or setting it to T or ∞, gives
 * it no gradient, so a silent label neuron would never learn to fire (the failure EventProp's
 * papers discuss, which later work met with extra terms on silent neurons). Here it counts at the
 * stand-in time
 *
 *     t̂_j = T + silentSlope · (threshold − v_j(T)),
 *
 * which is (1) continuous: a spike that leaves the trial at T leaves v_j(T) at threshold, so
 * t̂_j → T, the time the spike had; (2) differentiable in the voltage at T, ∂t̂_j/∂v_j(T) =
 * −silentSlope, so the gradient of a silent neuron pushes its voltage up (for the label) or down
 * (for the others); (3) later the further the neuron is from firing. It enters the adjoint as a
 * cost on v(T), the fired neurons' times through their resets' jump conditions. The softmax only
 * compares times, so a network could also lower Ψ with every output neuron silent, ordered by
 * their stand-ins; the early-spike regulariser is what makes silence expensive (on Yin-Yang the
 * defaults kept the outputs firing where tau1 = 20 ms let them fall silent: docs/losses.md).
 *
 * Reads: the first reset of each neuron of `options.population` (default 'output') and its
 * variable `options.variable` (default 'v') at T. The target needs one entry per neuron of it.
 * @throws Error naming the parameter or option when one is unknown or out of range.
 * @example
 * const loss = firstSpikeCrossEntropyLoss({ tau0: 0.5 }, { population: 'output' })
 */
export function firstSpikeCrossEntropyLoss(params: Readonly<Record<string, number>> = {}, options?: Readonly<Record<string, unknown>>): Loss {
  const kind = 'first-spike-cross-entropy loss'
  const resolved = resolveParameters(kind, firstSpikeCrossEntropyParameters, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\n'))
  const [scale, tau0, tau1, alpha, threshold, slope] = Array.from(resolved.values) as [number, number, number, number, number, number]
  const { population, variable } = readOptions(kind, options, { population: 'output', variable: 'v' })
  /** t_j, or its stand-in, into `into`; returns whether each neuron fired (in `fired`). */
  const timesOf = (view: FinalLossView, into: Float64Array, fired: Uint8Array): void => {
    const first = view.events[0]!.times
    const v = view.variables[0]!
    if (view.target.length < first.length) throw new Error(`${kind}: the target has ${view.target.length} entries, but population "${population}" has ${first.length} neurons; give one target entry per neuron`)
    for (let j = 0; j < first.length; j++) {
      fired[j] = Number.isNaN(first[j]!) ? 0 : 1
      into[j] = fired[j] === 1 ? first[j]! : view.t + slope * (threshold - v[j]!)
    }
  }
  let times = new Float64Array(0)
  let fired = new Uint8Array(0)
  const prepare = (view: FinalLossView): number => {
    const N = view.events[0]!.times.length
    if (times.length !== N) {
      times = new Float64Array(N)
      fired = new Uint8Array(N)
    }
    timesOf(view, times, fired)
    let top = -Infinity
    for (let j = 0; j < N; j++) top = Math.max(top, -times[j]! / tau0)
    let sum = 0
    for (let j = 0; j < N; j++) sum += Math.exp(-times[j]! / tau0 - top)
    return top + Math.log(sum)
  }
  return {
    kind: 'first-spike-cross-entropy',
    value: () => 0,
    gradient: () => undefined,
    populations: {
      reads: { events: [{ population, which: 'first' }], variables: [{ population, variable }] },
      final: {
        value(view) {
          const lse = prepare(view)
          let psi = 0
          for (let r = 0; r < times.length; r++) {
            const y = view.target[r]!
            if (y !== 0) psi += y * (lse + times[r]! / tau0 + alpha * (Math.exp(times[r]! / tau1) - 1))
          }
          return scale * psi
        },
        gradient(view, grad) {
          const lse = prepare(view)
          let mass = 0
          for (let r = 0; r < times.length; r++) mass += view.target[r]!
          for (let j = 0; j < times.length; j++) {
            const y = view.target[j]!
            const p = Math.exp(-times[j]! / tau0 - lse)
            const d = scale * ((y - p * mass) / tau0 + alpha * y * Math.exp(times[j]! / tau1) / tau1)
            const into = fired[j] === 1 ? grad.events[0]! : grad.variables[0]!
            into[j] = into[j]! + (fired[j] === 1 ? d : -slope * d)
          }
        },
      },
    },
  }
}
