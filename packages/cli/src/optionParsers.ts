/**
 * Parsers for numeric command-line values, for commander's `.option(flags, text, parser)`.
 * Each is made for one option and names it when the value is wrong, so the message says
 * which value to fix and how; the error is a usage error (exit code 2).
 *
 * @example program.option('--iterations <n>', 'training iterations', parsePositiveInt('--iterations'), 500)
 */

import { usageError } from './cliError.js'

/** A parser of one raw command-line value (commander passes the previous value second; unused). */
export type ValueParser<T> = (raw: string) => T

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An integer 1 ≤ n ≤ max, e.g. an iteration count; `example` is the value the message
 * suggests. A count that sizes memory or threads has a `max`, checked before anything is
 * allocated: `--workers must be at most 256, got 10000 (e.g. --workers 2)`.
 */
export function parsePositiveInt(option: string, example = '500', max?: number): ValueParser<number> {
  return integer(option, 1, 'a positive integer', example, max)
}

/** An integer 0 ≤ n ≤ max, e.g. a seed or a number of warm-up iterations. */
export function parseNonNegativeInt(option: string, max?: number): ValueParser<number> {
  return integer(option, 0, 'a non-negative integer', '0', max)
}

/** Any finite number (decimal or exponent notation, e.g. 1e-3). */
export function parseFiniteNumber(option: string): ValueParser<number> {
  return decimal(option, () => true, 'a finite number', '1')
}

/** A finite number x > 0, e.g. a learning rate or a duration in ms. */
export function parsePositiveNumber(option: string): ValueParser<number> {
  return decimal(option, (x) => x > 0, 'a positive number', '0.01')
}

/** A finite number in [min, max], e.g. a probability in [0, 1]. */
export function parseNumberInRange(option: string, min: number, max: number): ValueParser<number> {
  return decimal(option, (x) => x >= min && x <= max, `a number in [${min}, ${max}]`, String((min + max) / 2))
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

function integer(option: string, min: number, what: string, example: string, max?: number): ValueParser<number> {
  return (raw) => {
    const text = raw.trim()
    const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN
    if (!Number.isSafeInteger(n) || n < min) {
      throw usageError(`${option} must be ${what}, got ${quote(raw)} (e.g. ${option} ${example})`)
    }
    if (max !== undefined && n > max) throw usageError(`${option} must be at most ${max}, got ${quote(raw)} (e.g. ${option} ${example})`)
    return n
  }
}

function decimal(
  option: string,
  accept: (x: number) => boolean,
  what: string,
  example: string,
): ValueParser<number> {
  return (raw) => {
    const text = raw.trim()
    // Number('') is 0 and Number('0x10') is 16: accept only decimal and exponent notation.
    const x = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN
    if (!Number.isFinite(x) || !accept(x)) {
      throw usageError(`${option} must be ${what}, got ${quote(raw)} (e.g. ${option} ${example})`)
    }
    return x
  }
}

function quote(raw: string): string {
  return JSON.stringify(raw)
}
