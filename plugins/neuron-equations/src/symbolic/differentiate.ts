import { childrenOf, type Expr, type ExprGraph } from './expr.js'

/**
 * ∂e/∂leaf, symbolically, for a leaf of the graph (a state variable, a parameter or the input
 * current), by the chain rule over every node:
 *
 *     (a ± b)' = a' ± b'        (a·b)' = a'·b + a·b'        (a/b)' = (a' − (a/b)·b') / b
 *     (a^c)'   = c·a^(c−1)·a'   (c constant)                (a^b)' = a^b·(b'·log a + b·a'/a)
 *     exp' = exp   log' = 1/a   sqrt' = 1/(2 sqrt a)   sin' = cos   cos' = −sin   tanh' = 1 − tanh²
 *
 * Results are memoised per node, so a shared subexpression is differentiated once and its
 * derivative shared in turn (the work is linear in the size of the graph).
 */
export function differentiate(g: ExprGraph, e: Expr, leaf: Expr): Expr {
  const memo = new Map<number, Expr>()
  // recursion depth is bounded by the parser's maxDepth times the few levels a rule adds
  const d = (n: Expr): Expr => {
    const seen = memo.get(n.id)
    if (seen !== undefined) return seen
    const out = rule(g, n, leaf, d)
    memo.set(n.id, out)
    return out
  }
  return d(e)
}

/** True when `e` contains `leaf` (so its derivative along `leaf` may be non-zero). */
export function dependsOn(e: Expr, leaf: Expr, memo = new Map<number, boolean>()): boolean {
  if (e === leaf) return true
  const seen = memo.get(e.id)
  if (seen !== undefined) return seen
  const out = childrenOf(e).some((c) => dependsOn(c, leaf, memo))
  memo.set(e.id, out)
  return out
}

function rule(g: ExprGraph, n: Expr, leaf: Expr, d: (e: Expr) => Expr): Expr {
  switch (n.op) {
    case 'const':
    case 'state':
    case 'param':
    case 'adjoint':
    case 'input':
      return g.constant(n === leaf ? 1 : 0)
    case 'add':
      return g.add(d(n.a), d(n.b))
    case 'sub':
      return g.sub(d(n.a), d(n.b))
    case 'mul':
      return g.add(g.mul(d(n.a), n.b), g.mul(n.a, d(n.b)))
    case 'div': {
      const da = d(n.a)
      const db = d(n.b)
      return g.div(g.sub(da, g.mul(n, db)), n.b)
    }
    case 'pow': {
      const da = d(n.a)
      if (n.b.op === 'const') return g.mul(g.mul(n.b, g.pow(n.a, g.constant(n.b.value - 1))), da)
      const db = d(n.b)
      return g.mul(n, g.add(g.mul(db, g.call('log', n.a)), g.div(g.mul(n.b, da), n.a)))
    }
    case 'neg':
      return g.neg(d(n.a))
    case 'exp':
      return g.mul(n, d(n.a))
    case 'log':
      return g.div(d(n.a), n.a)
    case 'sqrt':
      return g.div(d(n.a), g.mul(g.constant(2), n))
    case 'sin':
      return g.mul(g.call('cos', n.a), d(n.a))
    case 'cos':
      return g.neg(g.mul(g.call('sin', n.a), d(n.a)))
    case 'tanh':
      return g.mul(g.sub(g.constant(1), g.mul(n, n)), d(n.a))
  }
}
