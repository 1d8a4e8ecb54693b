import type { KindTemplate } from './kindTemplate.js'
import type { PluginNames } from './pluginNames.js'

/**
 * A task plugin's stub: remember the sign of a pulse, whose doc comment states what core's
 * `Task` and `Trial` provide; it brings its own loss term, so it needs no other plugin package.
 */
export function taskTemplate(n: PluginNames): KindTemplate {
  const params = `${n.camel}Parameters`
  return {
    token: 'TaskFactoryToken',
    factoryType: 'TaskFactory',
    description: `The ${n.name} task for spikegrad`,
    checkOptions: '{}',
    source: `import type { Loss, ParameterSpec, Readout, Task, Trial } from '@spikegrad/core'
import { resolveParameters } from '@spikegrad/core'

// model

/** Parameters: the trial length \`duration\` (ms, default 60). */
export const ${params}: readonly ParameterSpec[] = [
  { name: 'duration', value: 60, unit: 'ms', description: 'trial length T', min: 1 },
]

// constructors

/**
 * The '${n.name}' task. As scaffolded (edit it): one input channel carries a pulse of sign
 * a = ±1 (drawn per trial) over the first half of the trial, and the one readout must hold a
 * over the second half:
 *
 *     i(t)  = a · sin²(2π t / T)   for t < T/2, else 0        (smooth: i and i' vanish at T/2)
 *     o*(t) = a,  weight 1          for t ≥ T/2, else weight 0 (a breakpoint at T/2)
 *     l     = weight · ½ (o - o*)²,  scored by the mean of (o - a)² over the second half (mse)
 *
 * What core's \`Task\` asks: \`trial(rng)\` draws one trial from the generator's state (the same
 * state, the same trial); a \`Trial\` gives \`input(t, out)\`, smooth in t except at its
 * \`breakpoints\`, and \`target(t, out)\`, which writes o*(t) and returns the loss weight at t;
 * \`losses\` are the terms trained on; \`score\` rates readouts, \`primaryScore\` names the one
 * that summarises them. \`suggested\` sizes the network \`spikegrad train\` builds for a task
 * without a \`recipe\`. \`checkPlugin\` (see the test) checks that it builds and gives a trial.
 *
 * @param params - { duration }; missing values take their defaults.
 * @throws Error naming the parameter when a value is unknown, not finite or out of range.
 */
export function ${n.factory}(params: Readonly<Record<string, number>> = {}): Task {
  const resolved = resolveParameters('${n.name} task', ${params}, params)
  if ('errors' in resolved) throw new Error(resolved.errors.join('\\n'))
  const T = resolved.values[0]!
  return {
    kind: '${n.name}',
    inputSize: 1,
    outputSize: 1,
    trial: (rng) => pulseTrial(rng.uniform() < 0.5 ? -1 : 1, T),
    losses: [squaredError],
    score: (trials, readouts) => ({ mse: meanSquaredError(trials, readouts, T) }),
    primaryScore: 'mse',
    higherIsBetter: false,
    suggested: { neurons: 20, batchSize: 4 },
  }
}

// internals

function pulseTrial(a: number, T: number): Trial {
  return {
    duration: T,
    breakpoints: [T / 2],
    meta: { sign: a },
    input(t, out) {
      out[0] = t < T / 2 ? a * Math.sin((2 * Math.PI * t) / T) ** 2 : 0
    },
    target(t, out) {
      out[0] = a
      return t >= T / 2 ? 1 : 0
    },
  }
}

/** l = weight · ½ (o - o*)², ∂l/∂o = weight · (o - o*). */
const squaredError: Loss = {
  kind: 'squared-error',
  value: (_t, o, _s, target, weight) => 0.5 * weight * (o[0]! - target[0]!) ** 2,
  gradient(_t, o, _s, target, weight, gradO) {
    gradO[0] = gradO[0]! + weight * (o[0]! - target[0]!)
  },
}

/** The mean of (o - a)² over the readout samples of the second half of each trial. */
function meanSquaredError(trials: readonly Trial[], readouts: readonly Readout[], T: number): number {
  let sum = 0
  let count = 0
  trials.forEach((trial, i) => {
    const a = trial.meta?.sign as number
    const { times, values } = readouts[i]!
    for (let k = 0; k < times.length; k++) {
      if (times[k]! < T / 2) continue
      sum += (values[k]! - a) ** 2
      count += 1
    }
  })
  return count > 0 ? sum / count : Number.NaN
}
`,
  }
}
