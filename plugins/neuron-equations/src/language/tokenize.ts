import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { equationIssue, type EquationIssue } from './equationIssue.js'

// model

/** Longest string accepted as one equation, threshold or reset (a 1 MB string is refused before it is read). */
export const maxSourceLength = 2000

export type TokenKind = 'number' | 'name' | 'op' | 'end'

/** A token with its 1-based column in the source string. */
export interface Token {
  readonly kind: TokenKind
  /** The text of a name or operator; the number's digits as written. */
  readonly text: string
  /** The value of a number token. */
  readonly value: number
  readonly column: number
}

/** The operators of the language, longest first so that `>=` wins over `>`. */
const operators = ['+=', '-=', '>=', '<=', '+', '-', '*', '/', '^', '(', ')', '=', '>', '<', ','] as const

// constructors

/**
 * The tokens of `source`: numbers (`12`, `0.5`, `1e-3`), names (`[A-Za-z_][A-Za-z0-9_]*`) and
 * the operators `+ - * / ^ ( ) = += -= > >= < <= ,`, each with its column, then an `end`
 * token. Anything else is an issue at its column (e.g. `**` asks for `^`).
 */
export function tokenize(source: string, at: string): Either<EquationIssue, Token[]> {
  if (typeof source !== 'string') return left(equationIssue(at, `must be a string, got ${typeof source}`))
  if (source.length > maxSourceLength) {
    return left(equationIssue(at, `is ${source.length} characters long; at most ${maxSourceLength} are read`, 'split the expression, or name its parts as parameters'))
  }
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const ch = source[i]!
    if (ch === ' ' || ch === '\t') {
      i++
      continue
    }
    const column = i + 1
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i, i + 64))
    if (number !== null) {
      const value = Number(number[0])
      if (!Number.isFinite(value)) return left(equationIssue(at, `the number ${number[0]} is not finite`, undefined, column))
      tokens.push({ kind: 'number', text: number[0], value, column })
      i += number[0].length
      continue
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 65))
    if (name !== null) {
      if (name[0].length > 64) return left(equationIssue(at, 'a name is longer than 64 characters', 'use a shorter name', column))
      tokens.push({ kind: 'name', text: name[0], value: NaN, column })
      i += name[0].length
      continue
    }
    if (source.startsWith('**', i)) return left(equationIssue(at, 'unexpected "**"', 'write powers with ^, e.g. v^2', column))
    const op = operators.find((o) => source.startsWith(o, i))
    if (op === undefined) {
      const shown = JSON.stringify(String.fromCodePoint(source.codePointAt(i)!))
      return left(equationIssue(at, `unexpected character ${shown}`, 'the language has numbers, names, + - * / ^, parentheses and one-argument functions', column))
    }
    tokens.push({ kind: 'op', text: op, value: NaN, column })
    i += op.length
  }
  tokens.push({ kind: 'end', text: '', value: NaN, column: source.length + 1 })
  return right(tokens)
}
