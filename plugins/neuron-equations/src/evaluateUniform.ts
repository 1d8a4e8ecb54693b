import { evaluateFunction as evaluateFunctionOf, type Expr } from './symbolic/expr.js'

/**
 * The value of an expression of the parameters (and constants), by recursion: for the gate zone
 * and the initial state. The state (every variable) and the input read `state` and `input`
 * (default NaN: an expression of the parameters only is meant).
 */
export function evaluateUniform(e: Expr, p: Float64Array, state = Number.NaN, input = Number.NaN): number {
  switch (e.op) {
    case 'const':
      return e.value
    case 'param':
      return p[e.index]!
    case 'state':
      return state
    case 'input':
      return input
    case 'adjoint':
      return NaN
    case 'add':
      return evaluateUniform(e.a, p, state, input) + evaluateUniform(e.b, p, state, input)
    case 'sub':
      return evaluateUniform(e.a, p, state, input) - evaluateUniform(e.b, p, state, input)
    case 'mul':
      return evaluateUniform(e.a, p, state, input) * evaluateUniform(e.b, p, state, input)
    case 'div':
      return evaluateUniform(e.a, p, state, input) / evaluateUniform(e.b, p, state, input)
    case 'pow':
      return Math.pow(evaluateUniform(e.a, p, state, input), evaluateUniform(e.b, p, state, input))
    case 'neg':
      return -evaluateUniform(e.a, p, state, input)
    default:
      return evaluateFunctionOf(e.op, evaluateUniform(e.a, p, state, input))
  }
}
