import type { Expr } from './expr.js'

/** Names of the leaves when printing: state variables, parameters and adjoint components by index. */
export interface PrintNames {
  readonly states: readonly string[]
  readonly params: readonly string[]
}

/**
 * An expression as text in the language's own syntax (fully parenthesised where precedence
 * needs it), e.g. the derived `-(1 / tau_m)`; adjoint components print as `λ_v`.
 */
export function printExpr(e: Expr, names: PrintNames): string {
  return show(e, names, 0)
}

// precedence: 1 additive, 2 multiplicative, 3 unary minus, 4 power, 5 atom
function show(e: Expr, names: PrintNames, context: number): string {
  const wrap = (own: number, text: string): string => (own < context ? `(${text})` : text)
  switch (e.op) {
    case 'const':
      return e.value < 0 ? wrap(3, String(e.value)) : String(e.value)
    case 'state':
      return names.states[e.index]!
    case 'param':
      return names.params[e.index]!
    case 'adjoint':
      return `λ_${names.states[e.index]!}`
    case 'input':
      return 'I'
    case 'add':
      return wrap(1, `${show(e.a, names, 1)} + ${show(e.b, names, 2)}`)
    case 'sub':
      return wrap(1, `${show(e.a, names, 1)} - ${show(e.b, names, 2)}`)
    case 'mul':
      return wrap(2, `${show(e.a, names, 2)}*${show(e.b, names, 3)}`)
    case 'div':
      return wrap(2, `${show(e.a, names, 2)}/${show(e.b, names, 3)}`)
    case 'pow':
      return wrap(4, `${show(e.a, names, 5)}^${show(e.b, names, 3)}`)
    case 'neg':
      return wrap(3, `-${show(e.a, names, 3)}`)
    default:
      return `${e.op}(${show(e.a, names, 0)})`
  }
}
