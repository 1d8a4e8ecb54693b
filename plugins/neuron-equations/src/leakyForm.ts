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
 * r = f(v = 0, I = 0)), the form holds when a = −b, r = 0, b > 0 and c′ > 0 — which depends on
 * the parameters: the neuron is declared when it holds at the defaults, and each neuron's
 * constants, tau = 1/b, v_th = −c(0)/c′ and v_reset = h from its own parameters (`of(p, N, j)`),
 * are NaN where it does not hold there, so that the closed form refuses that population
 * (`checkPlugin` compares the declaration with `rhs` and `reset` as well).
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
  // the identities a = −b, r = 0, b > 0 and c′ > 0 of neuron j's parameters: what the form needs
  const holds = (q: Float64Array): boolean => {
    const av = evaluateUniform(a, q)
    const bv = evaluateUniform(b, q)
    const rv = evaluateUniform(f, q, 0, 0)
    const scale = Math.abs(bv) + Math.abs(av)
    return bv > 0 && Math.abs(av + bv) <= 1e-12 * scale && Math.abs(rv) <= 1e-12 * (1 + scale) && evaluateUniform(cv, q) > 0
  }
  // declared when they hold at the defaults; a neuron whose own parameters break them gets NaN
  // constants, which the closed form refuses (closedFormPlan)
  if (!holds(defaults)) return undefined
  return {
    tau: (p, N, j) => {
      const q = of(p, N, j)
      return holds(q) ? 1 / evaluateUniform(b, q) : Number.NaN
    },
    threshold: (p, N, j) => {
      const q = of(p, N, j)
      return holds(q) ? -evaluateUniform(c, q, 0) / evaluateUniform(cv, q) : Number.NaN
    },
    resetValue: (p, N, j) => {
      const q = of(p, N, j)
      return holds(q) ? evaluateUniform(h, q) : Number.NaN
    },
  }
}
