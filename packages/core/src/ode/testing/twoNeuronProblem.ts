import type { Problem } from '../problem.js'

/**
 * Test problem: two leaky integrators with constant drives and threshold resets,
 *   dv_i/dt = -v_i + I_i,  v_i rising through 1 → v_i = 0   (i = 0, 1),
 * one event family of two members, L = ∫ (v_0 v_1) dt. θ = [I_0, I_1]. The inter-spike
 * intervals are ln(I_i / (I_i − 1)); with equal drives both fire at the same instants.
 */
export function twoNeuronProblem(): Problem {
  return {
    dimension: 2,
    parameterCount: 2,
    rhs(_t, y, th, out) {
      out[0] = -y[0] + th[0]
      out[1] = -y[1] + th[1]
    },
    vjpState(_t, _y, _th, lam, out) {
      out[0] = -lam[0]
      out[1] = -lam[1]
    },
    vjpParams(_t, _y, _th, lam, scale, acc) {
      acc[0] += scale * lam[0]
      acc[1] += scale * lam[1]
    },
    runningCost: {
      value: (_t, y) => y[0] * y[1],
      gradState(_t, y, _th, out) {
        out[0] = y[1]
        out[1] = y[0]
      },
    },
    events: [
      {
        name: 'threshold',
        count: 2,
        direction: 'rising',
        components: (k) => [k],
        condition: (k, _t, y) => y[k] - 1,
        conditionGradient(k, _t, _y, _th, out) {
          out[k] = 1
        },
        jump(k, _t, _y, _th, yPlus) {
          yPlus[k] = 0
        },
        jumpVjp(k, _t, _y, _th, _lam, out) {
          out[k] = 0
        },
      },
    ],
  }
}
