import type { Neuron } from '../neuron.js'
import type { GateZone, SynapseGate } from '../synapseGate.js'
import type { Loss } from '../loss.js'

// Toy plugins for the checker's own tests (not exported from core).

/**
 * A two-variable test neuron for the checker's own tests (not exported from core): a quadratic
 * neuron with adaptation and a nonlinear reset, so that every derivative is non-trivial.
 *
 *     tau_m dv/dt = v² - w + I        tau_w dw/dt = c v - w
 *     reset when v - v_th rises through 0:  v⁺ = v_r,  w⁺ = w + b (1 + v²) / 2
 *
 * Parameters [tau_m, tau_w, c, v_th, v_r, b]; all but c trainable.
 */
export function toyNeuron(): Neuron {
  return {
    kind: 'toy',
    stateNames: ['v', 'w'],
    voltageIndex: 0,
    parameters: [
      { name: 'tau_m', value: 3, unit: 'ms', trainable: true },
      { name: 'tau_w', value: 7, unit: 'ms', trainable: true },
      { name: 'c', value: 0.4, unit: '1' },
      { name: 'v_th', value: 1.5, unit: '1', trainable: true },
      { name: 'v_r', value: -0.5, unit: '1', trainable: true },
      { name: 'b', value: 0.3, unit: '1', trainable: true },
    ],
    defaults: new Float64Array([3, 7, 0.4, 1.5, -0.5, 0.3]),
    gateZone: (p, width) => ({ center: p[3]! - width / 2 }),
    rhs(p, N, x, I, out) {
      for (let j = 0; j < N; j++) {
        const v = x[j]!
        const w = x[N + j]!
        out[j] = (v * v - w + I[j]!) / p[0]!
        out[N + j] = (p[2]! * v - w) / p[1]!
      }
    },
    vjp(p, N, x, _I, lam, outX, outI) {
      for (let j = 0; j < N; j++) {
        const lv = lam[j]! / p[0]!
        const lw = lam[N + j]! / p[1]!
        outX[j] = 2 * x[j]! * lv + p[2]! * lw
        outX[N + j] = -lv - lw
        outI[j] = lv
      }
    },
    paramVjp(p, N, x, I, lam, scale, acc) {
      for (let j = 0; j < N; j++) {
        const v = x[j]!
        const w = x[N + j]!
        acc[0] = acc[0]! - (scale * lam[j]! * (v * v - w + I[j]!)) / (p[0]! * p[0]!)
        acc[1] = acc[1]! - (scale * lam[N + j]! * (p[2]! * v - w)) / (p[1]! * p[1]!)
      }
    },
    initialState(_p, N, out) {
      out.fill(0, 0, 2 * N)
    },
    reset: {
      condition: (p, _N, j, x) => x[j]! - p[3]!,
      conditionGradient(_p, _N, _j, _x, out) {
        out[0] = 1
        out[1] = 0
      },
      conditionParamGradient(_p, _N, _j, _x, scale, acc) {
        acc[3] = acc[3]! - scale
      },
      jump(p, N, j, x) {
        const v = x[j]!
        x[j] = p[4]!
        x[N + j] = x[N + j]! + (p[5]! * (1 + v * v)) / 2
      },
      jumpVjp(p, N, j, xMinus, lam) {
        lam[j] = p[5]! * xMinus[j]! * lam[N + j]!
      },
      jumpParamVjp(_p, N, j, xMinus, lam, acc) {
        const v = xMinus[j]!
        acc[4] = acc[4]! + lam[j]!
        acc[5] = acc[5]! + (lam[N + j]! * (1 + v * v)) / 2
      },
    },
  }
}

/**
 * A parabolic (Epanechnikov) test gate: g = 3/(2w) (1 - (2x/w)²) for |x| < w/2, x = v - center
 * wrapped to (-P/2, P/2] when periodic. Continuous; g' jumps at the zone's ends.
 */
export function toyGate(zone: GateZone): SynapseGate {
  const { width: w, center, period } = zone
  const wrap = (v: number): number => {
    const x = v - center
    return period === undefined ? x : x - period * Math.ceil((x - period / 2) / period)
  }
  return {
    kind: 'toy-parabola',
    center,
    width: w,
    ...(period === undefined ? {} : { period }),
    edges: [],
    value(v) {
      const u = (2 * wrap(v)) / w
      return Math.abs(u) < 1 ? (1.5 / w) * (1 - u * u) : 0
    },
    derivative(v) {
      const u = (2 * wrap(v)) / w
      return Math.abs(u) < 1 ? (-6 / (w * w)) * u : 0
    },
  }
}

/**
 * A test loss: l = weight/2 Σ_r (o_r - o*_r)² + β Σ_j s_j² sin(t/10), with the terminal term
 * Φ = γ Σ_j (s_j(T) - s_j(0))² / tau_j.
 */
export function toyLoss(beta = 0.1, gamma = 0.5): Loss {
  return {
    kind: 'toy-loss',
    value(t, o, s, target, weight) {
      let l = 0
      for (let r = 0; r < o.length; r++) l += 0.5 * weight * (o[r]! - target[r]!) ** 2
      for (let j = 0; j < s.length; j++) l += beta * s[j]! * s[j]! * Math.sin(t / 10)
      return l
    },
    gradient(t, o, s, target, weight, gradO, gradS) {
      for (let r = 0; r < o.length; r++) gradO[r] = gradO[r]! + weight * (o[r]! - target[r]!)
      for (let j = 0; j < s.length; j++) gradS[j] = gradS[j]! + 2 * beta * s[j]! * Math.sin(t / 10)
    },
    terminal: {
      value(sEnd, sStart, tauS) {
        let phi = 0
        for (let j = 0; j < sEnd.length; j++) phi += (gamma * (sEnd[j]! - sStart[j]!) ** 2) / tauS[j]!
        return phi
      },
      gradient(sEnd, sStart, tauS, gradS, gradTauS) {
        for (let j = 0; j < sEnd.length; j++) {
          const d = sEnd[j]! - sStart[j]!
          gradS[j] = gradS[j]! + (2 * gamma * d) / tauS[j]!
          gradTauS[j] = gradTauS[j]! - (gamma * d * d) / (tauS[j]! * tauS[j]!)
        }
      },
    },
  }
}
