import { chain, left, right, type Either } from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { AssignmentStatement, Ast, BinaryOp, ConditionStatement, EquationStatement } from './ast.js'
import { equationIssue, type EquationIssue } from './equationIssue.js'
import { tokenize, type Token } from './tokenize.js'

// model

/** Deepest expression tree accepted (nesting of parentheses, unary minus and chained operators). */
export const maxDepth = 200

// constructors

/**
 * Parses one expression:
 *
 *     expr    := term (('+' | '-') term)*
 *     term    := unary (('*' | '/') unary)*
 *     unary   := ('-' | '+') unary | power
 *     power   := primary ('^' unary)?          right-associative: -v^2 = -(v^2), 2^-x = 2^(-x)
 *     primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * @example parseExpression('(I - v) / tau_m', 'equations[0]')
 */
export function parseExpression(source: string, at: string): Either<EquationIssue, Ast> {
  return pipe(
    tokenize(source, at),
    chain((tokens) => {
      const p = new Parser(tokens, at)
      return p.run(() => {
        const e = p.expression()
        p.expectEnd()
        return e
      })
    }),
  )
}

/** Parses `dv/dt = expr`: the variable v (the name after the d) and the right-hand side. */
export function parseEquation(source: string, at: string): Either<EquationIssue, EquationStatement> {
  const form = 'write it as "dx/dt = …", e.g. "dv/dt = (I - v) / tau_m"'
  return pipe(
    tokenize(source, at),
    chain((tokens) => {
      const p = new Parser(tokens, at)
      return p.run(() => {
        const head = p.next()
        if (head.kind !== 'name' || !head.text.startsWith('d') || head.text.length < 2) p.fail(`expected "d<variable>/dt" at the start`, form, head.column)
        p.expectOp('/', form)
        const dt = p.next()
        if (dt.kind !== 'name' || dt.text !== 'dt') p.fail(`expected "dt" after "${head.text}/"`, form, dt.column)
        p.expectOp('=', form)
        const rhs = p.expression()
        p.expectEnd()
        return { variable: head.text.slice(1), column: head.column + 1, rhs }
      })
    }),
  )
}

/** Parses `left > right` (or `>=`, `<`, `<=`): the threshold condition. */
export function parseCondition(source: string, at: string): Either<EquationIssue, ConditionStatement> {
  return pipe(
    tokenize(source, at),
    chain((tokens) => {
      const p = new Parser(tokens, at)
      return p.run(() => {
        const l = p.expression()
        const op = p.next()
        if (op.kind !== 'op' || !['>', '>=', '<', '<='].includes(op.text)) {
          p.fail(`expected a comparison (>, >=, <, <=) here`, 'write the threshold as e.g. "v > v_th"', op.column)
        }
        const r = p.expression()
        p.expectEnd()
        return { op: op.text as ConditionStatement['op'], left: l, right: r }
      })
    }),
  )
}

/** Parses `v = expr`, `w += expr` or `w -= expr`: one assignment of a reset. */
export function parseAssignment(source: string, at: string): Either<EquationIssue, AssignmentStatement> {
  const form = 'write a reset as "v = v_reset" or "w += b"'
  return pipe(
    tokenize(source, at),
    chain((tokens) => {
      const p = new Parser(tokens, at)
      return p.run(() => {
        const target = p.next()
        if (target.kind !== 'name') p.fail('expected the name of a variable at the start', form, target.column)
        const op = p.next()
        if (op.kind !== 'op' || !['=', '+=', '-='].includes(op.text)) p.fail(`expected =, += or -= after "${target.text}"`, form, op.column)
        const rhs = p.expression()
        p.expectEnd()
        return { variable: target.text, column: target.column, op: op.text as AssignmentStatement['op'], rhs }
      })
    }),
  )
}

/** The depth of a tree (a leaf has depth 1). */
export function depthOf(a: Ast): number {
  switch (a.kind) {
    case 'number':
    case 'name':
      return 1
    case 'negate':
      return 1 + depthOf(a.arg)
    case 'binary':
      return 1 + Math.max(depthOf(a.left), depthOf(a.right))
    case 'call':
      return 1 + Math.max(0, ...a.args.map(depthOf))
  }
}

// internals

/** Thrown inside the parser only, and turned into a value by `run`. */
class ParseFailure {
  constructor(readonly issue: EquationIssue) {}
}

/** A recursive-descent parser over a token list; `depth` bounds every tree it builds. */
class Parser {
  private pos = 0
  private depth = 0

  constructor(
    private readonly tokens: readonly Token[],
    private readonly at: string,
  ) {}

  run<A>(body: () => A): Either<EquationIssue, A> {
    try {
      return right(body())
    } catch (e) {
      if (e instanceof ParseFailure) return left(e.issue)
      throw e
    }
  }

  fail(problem: string, fix: string | undefined, column: number): never {
    throw new ParseFailure(equationIssue(this.at, problem, fix, column))
  }

  peek(): Token {
    return this.tokens[this.pos]!
  }

  next(): Token {
    const t = this.tokens[this.pos]!
    if (t.kind !== 'end') this.pos++
    return t
  }

  expectOp(op: string, fix?: string): Token {
    const t = this.next()
    if (t.kind !== 'op' || t.text !== op) this.fail(`expected "${op}" here, found ${describe(t)}`, fix, t.column)
    return t
  }

  expectEnd(): void {
    const t = this.peek()
    if (t.kind !== 'end') {
      const fix = t.kind === 'op' && t.text === ')' ? 'remove it, or open it with "(" before' : 'join the parts with an operator (e.g. *)'
      this.fail(`unexpected ${describe(t)}`, fix, t.column)
    }
  }

  expression(): Ast {
    let e = this.term()
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'op' || (t.text !== '+' && t.text !== '-')) return e
      this.next()
      e = this.bounded({ kind: 'binary', op: t.text as BinaryOp, left: e, right: this.term(), column: t.column })
    }
  }

  private term(): Ast {
    let e = this.unary()
    for (;;) {
      const t = this.peek()
      if (t.kind !== 'op' || (t.text !== '*' && t.text !== '/')) return e
      this.next()
      e = this.bounded({ kind: 'binary', op: t.text as BinaryOp, left: e, right: this.unary(), column: t.column })
    }
  }

  private unary(): Ast {
    const t = this.peek()
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.next()
      const arg = this.nested(() => this.unary())
      return t.text === '-' ? this.bounded({ kind: 'negate', arg, column: t.column }) : arg
    }
    return this.power()
  }

  private power(): Ast {
    const base = this.primary()
    const t = this.peek()
    if (t.kind !== 'op' || t.text !== '^') return base
    this.next()
    const exponent = this.nested(() => this.unary())
    return this.bounded({ kind: 'binary', op: '^', left: base, right: exponent, column: t.column })
  }

  private primary(): Ast {
    const t = this.next()
    if (t.kind === 'number') return { kind: 'number', value: t.value, column: t.column }
    if (t.kind === 'name') {
      const open = this.peek()
      if (open.kind !== 'op' || open.text !== '(') return { kind: 'name', name: t.text, column: t.column }
      this.next()
      const args: Ast[] = []
      this.nested(() => {
        args.push(this.expression())
        while (this.peek().kind === 'op' && this.peek().text === ',') {
          this.next()
          args.push(this.expression())
        }
      })
      this.expectOp(')', `close the call of ${t.text} opened at column ${open.column}`)
      return this.bounded({ kind: 'call', fn: t.text, args, column: t.column })
    }
    if (t.kind === 'op' && t.text === '(') {
      const e = this.nested(() => this.expression())
      this.expectOp(')', `close the parenthesis opened at column ${t.column}`)
      return e
    }
    return this.fail(`expected a number, a name or "(", found ${describe(t)}`, undefined, t.column)
  }

  /** Runs `body` one level deeper, refusing trees deeper than `maxDepth` before the stack is at risk. */
  private nested<A>(body: () => A): A {
    if (++this.depth > maxDepth) this.fail(`the expression is nested more than ${maxDepth} deep`, 'write it flatter, or name its parts as parameters', this.peek().column)
    try {
      return body()
    } finally {
      this.depth--
    }
  }

  /** `node`, unless its tree is deeper than `maxDepth` (long chains such as a+a+…+a). */
  private bounded(node: Ast): Ast {
    if (depthOf(node) > maxDepth) this.fail(`the expression is nested more than ${maxDepth} deep`, 'write it flatter, or name its parts as parameters', node.column)
    return node
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end' : t.kind === 'number' ? `the number ${t.text}` : `"${t.text}"`
}

