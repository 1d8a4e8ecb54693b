import type { LeakyIntegrator } from '@spikegrad/core'
import { dependsOn, differentiate } from './symbolic/differentiate.js'
import type { Expr } from './symbolic/expr.js'
import type { SymbolicNeuron } from './symbolicNeuron.js'
import { evaluateUniform } from './evaluateUniform.js'

/**
 * The neuron's `leaky` declaration when its equations are the leaky integrate-and-fire form —
 * one variable, dv/dt = (−v + I)/tau, a threshold c(v) = 0 linear in v and rising with it, and a
 * reset that sets v to a value of the parameters — else undefined. With
 * f = a·v + b·I + r (a and b of the parameters alone, which the symbolic derivatives show, and
 * r = f(v = 0, I = 0)), the form holds when a = −b and r = 0: checked at the defaults and at three other sets of parameter
 * values (a rational identity that holds there holds everywhere but on a set of measure zero;
 * `checkPlugin` compares the declaration with `rhs` and `reset` again). Then tau = 1/b,
 * v_th = −c(0)/c′ and v_reset = h, neuron by neuron from `of(p, N, j)` (its parameters).
 */
export function leakyForm(m: SymbolicNeuron, defaults: Float64Array, of: (p: Float64Array, N: number, j: number) => Float64Array): LeakyIntegrator | undefined {
  const g = m.graph
  if (m.stateNames.length !== 1 || m.reset === undefined || m.reset.assigned.length !== 1 || m.reset.assigned[0] !== 0) return undefined
  const v = g.state(0)
  const I = g.input()
  const f = m.rhs[0]!
  const a = differentiate(g, f, v)
  const b = differentiate(g, f, I)
  const c = m.reset.condition
  const cv = differentiate(g, c, v)
  const h = m.reset.jump[0]!
  // ∂f/∂v, ∂f/∂I and ∂c/∂v free of v and I: f is a·v + b·I + r and c is c′·v + c(0)
  const free = (e: Expr): boolean => !dependsOn(e, v) && !dependsOn(e, I)
  if (![a, b, cv, h].every(free) || dependsOn(c, I)) return undefined
  // the identities a = −b and r = 0 at the defaults and at three other points; b > 0, c′ > 0
  const P = defaults.length
  const point = new Float64Array(P)
  for (const spread of [0, 0.13, -0.07, 0.29]) {
    for (let k = 0; k < P; k++) point[k] = defaults[k]! * (1 + spread * Math.sin(k + 1)) + (defaults[k] === 0 ? spread : 0)
    const av = evaluateUniform(a, point)
    const bv = evaluateUniform(b, point)
    const rv = evaluateUniform(f, point, 0, 0)
    const scale = Math.abs(bv) + Math.abs(av)
    if (!(bv > 0) || !(Math.abs(av + bv) <= 1e-12 * scale) || !(Math.abs(rv) <= 1e-12 * (1 + scale))) return undefined
    if (!(evaluateUniform(cv, point) > 0)) return undefined
  }
  return {
    tau: (p, N, j) => 1 / evaluateUniform(b, of(p, N, j)),
    threshold: (p, N, j) => {
      const q = of(p, N, j)
      return -evaluateUniform(c, q, 0) / evaluateUniform(cv, q)
    },
    resetValue: (p, N, j) => evaluateUniform(h, of(p, N, j)),
  }
}
