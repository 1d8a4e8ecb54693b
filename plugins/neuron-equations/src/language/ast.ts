/**
 * The syntax tree of one expression, as written: every node keeps the 1-based column where
 * it starts in its source string, so that later checks (unknown names, refused functions)
 * can point at it. Names are not resolved here.
 */
export type Ast =
  | { readonly kind: 'number'; readonly value: number; readonly column: number }
  | { readonly kind: 'name'; readonly name: string; readonly column: number }
  | { readonly kind: 'negate'; readonly arg: Ast; readonly column: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Ast; readonly right: Ast; readonly column: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Ast[]; readonly column: number }

export type BinaryOp = '+' | '-' | '*' | '/' | '^'

/** `dv/dt = rhs`: the variable and its right-hand side. */
export interface EquationStatement {
  readonly variable: string
  readonly column: number
  readonly rhs: Ast
}

/** `left > right` (or `>=`, `<`, `<=`). */
export interface ConditionStatement {
  readonly op: '>' | '>=' | '<' | '<='
  readonly left: Ast
  readonly right: Ast
}

/** `v = rhs`, `w += rhs` or `w -= rhs`. */
export interface AssignmentStatement {
  readonly variable: string
  readonly column: number
  readonly op: '=' | '+=' | '-='
  readonly rhs: Ast
}
