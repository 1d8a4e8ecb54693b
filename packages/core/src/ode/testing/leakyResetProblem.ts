import type { Problem } from '../problem.js'

/**
 * Test problem with events: a leaky integrator with constant drive and a threshold reset,
 *   tau dv/dt = -v + I,  when v rises through v_th: v → v_reset,
 * and a second, smooth variable u' = v - u that filters v (so the loss sees the resets
 * through a continuous path), L = ∫ (u − u*)² / 2 dt + u(T)² / 2.
 * θ = [I, v_th, v_reset, tau]: the drive, the event condition and the jump all carry
 * parameters. With I = 2, v_th = 1, v_reset = 0, tau = 1 the inter-spike interval is ln 2.
 */
export function leakyResetProblem(uTarget = 0.3): Problem {
  return {
    dimension: 2,
    parameterCount: 4,
    parameterBlocks: [
      { name: 'I', offset: 0, length: 1 },
      { name: 'vTh', offset: 1, length: 1 },
      { name: 'vReset', offset: 2, length: 1 },
      { name: 'tau', offset: 3, length: 1 },
    ],
    rhs(_t, y, th, out) {
      out[0] = (-y[0] + th[0]) / th[3]
      out[1] = y[0] - y[1]
    },
    vjpState(_t, _y, th, lam, out) {
      out[0] = -lam[0] / th[3] + lam[1]
      out[1] = -lam[1]
    },
    vjpParams(_t, y, th, lam, scale, acc) {
      acc[0] += (scale * lam[0]) / th[3]
      acc[3] += (-scale * lam[0] * (-y[0] + th[0])) / (th[3] * th[3])
    },
    runningCost: {
      value: (_t, y) => ((y[1] - uTarget) * (y[1] - uTarget)) / 2,
      gradState(_t, y, _th, out) {
        out[0] = 0
        out[1] = y[1] - uTarget
      },
    },
    terminalCost: {
      value: (_t, y) => (y[1] * y[1]) / 2,
      gradState(_t, y, _th, out) {
        out[0] = 0
        out[1] = y[1]
      },
    },
    events: [
      {
        name: 'threshold',
        count: 1,
        direction: 'rising',
        components: () => [0],
        condition: (_k, _t, y, th) => y[0] - th[1],
        conditionGradient(_k, _t, _y, _th, out) {
          out[0] = 1
        },
        conditionParamGradient(_k, _t, _y, _th, scale, acc) {
          acc[1] -= scale
        },
        jump(_k, _t, _y, th, yPlus) {
          yPlus[0] = th[2]
        },
        jumpVjp(_k, _t, _y, _th, _lam, out) {
          out[0] = 0
        },
        jumpParamVjp(_k, _t, _y, _th, lam, acc) {
          acc[2] += lam[0]
        },
      },
    ],
  }
}
