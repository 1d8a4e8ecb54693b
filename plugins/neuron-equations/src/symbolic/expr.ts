// model

/** The functions of one argument that the language differentiates. */
export const functionNames = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tanh'] as const
export type FunctionName = (typeof functionNames)[number]

/**
 * A symbolic expression: a node of a hash-consed graph (see `ExprGraph`), so that two equal
 * expressions are the same object — equality is `===`, and common subexpressions are shared
 * by construction. Leaves: a constant, state variable `index`, parameter `index`, the input
 * current, adjoint component `index` (λ_b of a vector–Jacobian product).
 */
export type Expr =
  | Leaf<'const'> & { readonly value: number }
  | Leaf<'state' | 'param' | 'adjoint'> & { readonly index: number }
  | Leaf<'input'>
  | Node<'neg' | FunctionName, 1>
  | Node<'add' | 'sub' | 'mul' | 'div' | 'pow', 2>

interface Leaf<K extends string> {
  readonly id: number
  readonly op: K
}
interface Node<K extends string, Arity extends 1 | 2> {
  readonly id: number
  readonly op: K
  readonly a: Expr
  readonly b: Arity extends 2 ? Expr : undefined
}

export type BinaryExprOp = 'add' | 'sub' | 'mul' | 'div' | 'pow'
export type UnaryExprOp = 'neg' | FunctionName

/** Largest graph a neuron may build (its equations and every derivative): bounds the work of a hostile input. */
export const maxNodes = 50_000

/** Thrown when a graph grows beyond `maxNodes` (caught where the neuron is built). */
export class GraphTooLarge extends Error {}

// constructors

/**
 * Builds expressions that are simplified as they are made: constants fold, 0 and 1 vanish
 * where they are neutral (x + 0 = x, 1·x = x, 0·x = 0, x^1 = x), negations move outwards
 * (x + (−y) = x − y, (−x)·y = −(x·y)), x − x = 0, x / x = 1, and equal subexpressions are
 * one node. Not a full algebra system: enough that the derivatives of the usual neuron models
 * come out as short as one would write them by hand.
 */
export class ExprGraph {
  private readonly table = new Map<string, Expr>()
  private count = 0

  get size(): number {
    return this.count
  }

  constant(value: number): Expr {
    const v = value === 0 ? 0 : value // one zero: -0 and 0 are the same node
    return this.intern(`c${v}`, () => ({ op: 'const', value: v }))
  }

  state(index: number): Expr {
    return this.intern(`x${index}`, () => ({ op: 'state', index }))
  }

  param(index: number): Expr {
    return this.intern(`p${index}`, () => ({ op: 'param', index }))
  }

  adjoint(index: number): Expr {
    return this.intern(`l${index}`, () => ({ op: 'adjoint', index }))
  }

  input(): Expr {
    return this.intern('I', () => ({ op: 'input' }))
  }

  add(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(a.value + b.value)
    if (isConst(a, 0)) return b
    if (isConst(b, 0)) return a
    if (b.op === 'neg') return this.sub(a, b.a)
    if (a.op === 'neg') return this.sub(b, a.a)
    return this.factored('add', a, b) ?? this.binary('add', a, b)
  }

  sub(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(a.value - b.value)
    if (isConst(b, 0)) return a
    if (isConst(a, 0)) return this.neg(b)
    if (a === b) return this.constant(0)
    if (b.op === 'neg') return this.add(a, b.a)
    if (a.op === 'neg') return this.neg(this.add(a.a, b))
    return this.factored('sub', a, b) ?? this.binary('sub', a, b)
  }

  mul(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(a.value * b.value)
    if (isConst(b) && !isConst(a)) return this.mul(b, a) // constants first
    if (isConst(a, 0)) return a
    if (isConst(a, 1)) return b
    if (isConst(a, -1)) return this.neg(b)
    if (a.op === 'neg') return this.neg(this.mul(a.a, b))
    if (b.op === 'neg') return this.neg(this.mul(a, b.a))
    return this.binary('mul', a, b)
  }

  div(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b) && b.value !== 0) return this.constant(a.value / b.value)
    if (isConst(b, 1)) return a
    if (isConst(a, 0) && !isConst(b, 0)) return a
    if (a === b) return this.constant(1)
    if (a.op === 'neg') return this.neg(this.div(a.a, b))
    if (b.op === 'neg') return this.neg(this.div(a, b.a))
    return this.binary('div', a, b)
  }

  pow(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(Math.pow(a.value, b.value))
    if (isConst(b, 1)) return a
    if (isConst(b, 0)) return this.constant(1)
    return this.binary('pow', a, b)
  }

  neg(a: Expr): Expr {
    if (isConst(a)) return this.constant(-a.value)
    if (a.op === 'neg') return a.a
    if (a.op === 'sub') return this.binary('sub', a.b!, a.a)
    return this.unary('neg', a)
  }

  call(fn: FunctionName, a: Expr): Expr {
    if (isConst(a)) return this.constant(evaluateFunction(fn, a.value))
    return this.unary(fn, a)
  }

  /** The node for `op` applied to a, b, simplified by the rules above. */
  apply(op: BinaryExprOp, a: Expr, b: Expr): Expr {
    return this[op](a, b)
  }

  /**
   * f·x ± f·y as f·(x ± y) when both sides share a factor f that is not a constant (either side
   * may be f itself: f − f·y = f·(1 − y)). The derivative of a product often comes out in the
   * spread form; factored, it cancels less (sin θ − sin θ·I loses digits near I = 1,
   * sin θ·(1 − I) does not) and costs one product fewer.
   */
  private factored(op: 'add' | 'sub', a: Expr, b: Expr): Expr | undefined {
    for (const [f, ra] of splits(a)) {
      if (f.op === 'const') continue
      for (const [g, rb] of splits(b)) {
        if (g === f) return this.mul(f, op === 'add' ? this.add(ra ?? this.constant(1), rb ?? this.constant(1)) : this.sub(ra ?? this.constant(1), rb ?? this.constant(1)))
      }
    }
    return undefined
  }

  private binary(op: BinaryExprOp, a: Expr, b: Expr): Expr {
    return this.intern(`${op}:${a.id}:${b.id}`, () => ({ op, a, b }))
  }

  private unary(op: UnaryExprOp, a: Expr): Expr {
    return this.intern(`${op}:${a.id}`, () => ({ op, a, b: undefined }))
  }

  private intern(key: string, make: () => Omit<Expr, 'id'>): Expr {
    const found = this.table.get(key)
    if (found !== undefined) return found
    if (this.count >= maxNodes) throw new GraphTooLarge(`the equations and their derivatives need more than ${maxNodes} nodes`)
    const node = { id: this.count++, ...make() } as Expr
    this.table.set(key, node)
    return node
  }
}

/** f(x) for one of the language's functions. */
export function evaluateFunction(fn: FunctionName, x: number): number {
  switch (fn) {
    case 'exp':
      return Math.exp(x)
    case 'log':
      return Math.log(x)
    case 'sqrt':
      return Math.sqrt(x)
    case 'sin':
      return Math.sin(x)
    case 'cos':
      return Math.cos(x)
    case 'tanh':
      return Math.tanh(x)
  }
}

/** The ways to write e as factor · rest (rest undefined: e is the factor itself). */
function splits(e: Expr): readonly (readonly [Expr, Expr | undefined])[] {
  return e.op === 'mul' ? [[e.a, e.b], [e.b, e.a], [e, undefined]] : [[e, undefined]]
}

/** True for a constant (of the given value, when one is given). */
export function isConst(e: Expr, value?: number): e is Extract<Expr, { op: 'const' }> {
  return e.op === 'const' && (value === undefined || (e as { value: number }).value === value)
}

/** The children of a node (none for a leaf). */
export function childrenOf(e: Expr): readonly Expr[] {
  if (!('a' in e)) return []
  return e.b === undefined ? [e.a] : [e.a, e.b]
}
