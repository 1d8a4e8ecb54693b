import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { functionNames, GraphTooLarge, type Expr, type ExprGraph, type FunctionName } from '../symbolic/expr.js'
import type { Ast } from './ast.js'
import { equationIssue, nearestName, type EquationIssue } from './equationIssue.js'

// model

/**
 * Functions that are refused, with why and what to write instead: the adjoint needs the
 * derivative everywhere, and these have a kink or a jump (or two arguments whose derivative
 * switches between them).
 */
const refusedFunctions = new Map<string, string>([
  ['abs', 'write a smooth stand-in such as sqrt(x^2 + eps^2), with eps a small parameter'],
  ['max', 'write a smooth stand-in such as a softplus, log(1 + exp(k*(a - b)))/k + b'],
  ['min', 'write a smooth stand-in such as b - log(1 + exp(k*(b - a)))/k'],
  ['sign', 'write a smooth stand-in such as tanh(k*x)'],
  ['step', 'write a smooth stand-in such as 1/(1 + exp(-k*x))'],
  ['heaviside', 'write a smooth stand-in such as 1/(1 + exp(-k*x))'],
  ['floor', 'the adjoint needs a derivative; a step function has none at its jumps'],
  ['ceil', 'the adjoint needs a derivative; a step function has none at its jumps'],
  ['round', 'the adjoint needs a derivative; a step function has none at its jumps'],
  ['clip', 'write a smooth stand-in such as a tanh or softplus'],
])

/** Named constants of the language. */
export const namedConstants = new Map<string, number>([['pi', Math.PI]])

/** What a name in an expression may stand for, by name (a Map: names are never object keys). */
export type Scope = ReadonlyMap<string, Expr>

// constructors

/**
 * The symbolic expression of a syntax tree: each name looked up in `scope`, each call one of
 * the language's functions. An unknown name is an issue that lists the declared ones (and the
 * nearest, when one is close); abs, max, sign and other functions without a derivative
 * everywhere are refused with a smooth stand-in to write; a division by a constant zero is
 * refused.
 */
export function lower(g: ExprGraph, ast: Ast, scope: Scope, at: string, declared: string): Either<EquationIssue, Expr> {
  try {
    return right(walk(g, ast, scope, at, declared))
  } catch (e) {
    if (e instanceof LowerFailure) return left(e.issue)
    if (e instanceof GraphTooLarge) return left(equationIssue(at, e.message, 'write shorter equations'))
    throw e
  }
}

// internals

class LowerFailure {
  constructor(readonly issue: EquationIssue) {}
}

function walk(g: ExprGraph, a: Ast, scope: Scope, at: string, declared: string): Expr {
  const e = node(g, a, scope, at, declared)
  if (e.op === 'const' && !Number.isFinite(e.value)) {
    throw new LowerFailure(equationIssue(at, `this part is the constant ${e.value}`, 'write a finite value (e.g. log(0), sqrt(-1), 0^-1 or exp(1000) are not)', a.column))
  }
  return e
}

function node(g: ExprGraph, a: Ast, scope: Scope, at: string, declared: string): Expr {
  const fail = (problem: string, fix?: string): never => {
    throw new LowerFailure(equationIssue(at, problem, fix, a.column))
  }
  switch (a.kind) {
    case 'number':
      return g.constant(a.value)
    case 'name': {
      const found = scope.get(a.name)
      if (found !== undefined) return found
      if ((functionNames as readonly string[]).includes(a.name)) return fail(`${a.name} is a function`, `call it, e.g. ${a.name}(v)`)
      if (a.name === 't') return fail('the time t is not available', 'a neuron is autonomous: its equations read its variables, its parameters and I')
      const near = nearestName(a.name, scope.keys())
      return fail(`unknown name "${a.name}"`, `${near !== undefined ? `did you mean "${near}"? ` : 'declare it in parameters (or as a variable with its equation); '}the names declared here are ${declared}`)
    }
    case 'negate':
      return g.neg(walk(g, a.arg, scope, at, declared))
    case 'binary': {
      const l = walk(g, a.left, scope, at, declared)
      const r = walk(g, a.right, scope, at, declared)
      switch (a.op) {
        case '+':
          return g.add(l, r)
        case '-':
          return g.sub(l, r)
        case '*':
          return g.mul(l, r)
        case '/':
          if (r.op === 'const' && r.value === 0) return fail('division by zero', 'divide by a non-zero number or parameter')
          return g.div(l, r)
        case '^':
          return g.pow(l, r)
      }
    }
    case 'call': {
      const refused = refusedFunctions.get(a.fn)
      if (refused !== undefined) return fail(`${a.fn} is refused: it has no derivative at every point, and the adjoint needs one`, refused)
      if (!(functionNames as readonly string[]).includes(a.fn)) {
        const near = nearestName(a.fn, functionNames)
        return fail(`unknown function "${a.fn}"`, `${near !== undefined ? `did you mean "${near}"? ` : ''}the functions are ${functionNames.join(', ')}`)
      }
      if (a.args.length !== 1) return fail(`${a.fn} takes one argument, given ${a.args.length}`)
      return g.call(a.fn as FunctionName, walk(g, a.args[0]!, scope, at, declared))
    }
  }
}
