/**
 * The first JSON syntax error in a text: where it is (0-based character offset, and 1-based
 * line and column) and what is wrong, in words. `JSON.parse` does not always say where it
 * failed, so this scanner finds the place itself (RFC 8259, exactly what `JSON.parse` accepts).
 */
export interface JsonSyntaxError {
  readonly offset: number
  readonly line: number
  readonly column: number
  readonly problem: string
}

/**
 * Scans `text` as JSON and returns its first syntax error, or undefined if it is valid JSON.
 * @example locateJsonSyntaxError('{"a": 1,}') // { offset: 8, line: 1, column: 9, problem: "a trailing comma before '}' …" }
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const found = scan(text)
  if (found === undefined) return undefined
  const { line, column } = lineColumn(text, found.offset)
  return { offset: found.offset, line, column, problem: found.problem }
}

/** 1-based line and column of a character offset (lines end at \n; a \r\n counts once). */
export function lineColumn(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1
  let start = 0
  const end = Math.min(offset, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      start = i + 1
    }
  }
  return { line, column: end - start + 1 }
}

// internals

interface Failure {
  readonly offset: number
  readonly problem: string
}

/** The character at i as the message shows it: a control character as its escape (`'\x1b'`), never raw. */
const describe = (text: string, i: number): string => {
  if (i >= text.length) return 'end of file'
  const code = text.charCodeAt(i)
  const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
  return control ? `'\\${code <= 0xff ? `x${code.toString(16).padStart(2, '0')}` : `u${code.toString(16).padStart(4, '0')}`}' (a control character)` : `'${text[i]}'`
}

function scan(text: string): Failure | undefined {
  const n = text.length
  const stack: number[] = [] // 91 '[' or 123 '{'
  let i = 0
  const skipWs = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return
    }
  }
  const fail = (offset: number, problem: string): Failure => ({ offset, problem })

  /** Reads a string starting at i (which holds '"'); leaves i after the closing quote. */
  const readString = (): Failure | undefined => {
    const open = i
    i++
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 34) {
        i++
        return undefined
      }
      if (c < 32) return fail(i, 'a control character (e.g. a line break) inside a string; write it escaped, e.g. \\n')
      if (c === 92) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i, 'a \\u escape needs four hex digits')
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2
        } else {
          return fail(i, `an invalid escape \\${e ?? ''} in a string (valid: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`)
        }
      } else {
        i++
      }
    }
    return fail(open, 'a string that is never closed (missing ")')
  }

  const digits = (): number => {
    const from = i
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++
    return i - from
  }

  const readNumber = (): Failure | undefined => {
    if (text[i] === '-') i++
    if (text[i] === '0') {
      const zero = i++
      if (digits() > 0) return fail(zero, 'a number with a leading zero')
    } else if (digits() === 0) {
      return fail(i, `unexpected ${describe(text, i)}: a digit was expected in a number`)
    }
    if (text[i] === '.') {
      i++
      if (digits() === 0) return fail(i, `unexpected ${describe(text, i)}: a digit was expected after the decimal point`)
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (digits() === 0) return fail(i, `unexpected ${describe(text, i)}: a digit was expected in the exponent`)
    }
    return undefined
  }

  /** Reads one value, or opens a container (pushing it and leaving i inside it). */
  const readValue = (): Failure | 'opened' | undefined => {
    skipWs()
    const c = text[i]
    if (c === '{' || c === '[') {
      stack.push(text.charCodeAt(i))
      i++
      return 'opened'
    }
    if (c === '"') return readString()
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return readNumber()
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length
        return undefined
      }
    }
    if (c === "'") return fail(i, "a single quote: JSON strings use double quotes")
    return fail(i, `unexpected ${describe(text, i)}: a value was expected (object, array, string, number, true, false or null)`)
  }

  /** After '{' or ',' in an object: reads `"key":` and leaves i before the value. */
  const readKey = (afterComma: boolean): Failure | undefined => {
    skipWs()
    if (text[i] !== '"') {
      if (afterComma && text[i] === '}') return fail(i, "a trailing comma before '}'; remove the comma")
      return fail(i, `unexpected ${describe(text, i)}: a property name in double quotes was expected`)
    }
    const bad = readString()
    if (bad !== undefined) return bad
    skipWs()
    if (text[i] !== ':') return fail(i, `unexpected ${describe(text, i)}: ':' was expected after the property name`)
    i++
    return undefined
  }

  let pending: 'value' | 'key' | 'close' = 'value'
  for (;;) {
    if (pending === 'key') {
      const bad = readKey(false)
      if (bad !== undefined) return bad
      pending = 'value'
    }
    if (pending === 'value') {
      const read = readValue()
      if (read === 'opened') {
        skipWs()
        const top = stack[stack.length - 1]
        if ((top === 91 && text[i] === ']') || (top === 123 && text[i] === '}')) {
          stack.pop()
          i++
        } else {
          pending = top === 123 ? 'key' : 'value'
          continue
        }
      } else if (read !== undefined) {
        return read
      }
    }
    // after a complete value
    skipWs()
    if (stack.length === 0) {
      return i < n ? fail(i, `unexpected ${describe(text, i)} after the end of the JSON value`) : undefined
    }
    const top = stack[stack.length - 1]
    const close = top === 91 ? ']' : '}'
    if (text[i] === close) {
      stack.pop()
      i++
      pending = 'close'
      continue
    }
    if (text[i] !== ',') {
      const what = top === 91 ? 'an array element' : 'a property value'
      return fail(i, `unexpected ${describe(text, i)}: ',' or '${close}' was expected after ${what}`)
    }
    i++
    if (top === 123) {
      const bad = readKey(true)
      if (bad !== undefined) return bad
    } else {
      skipWs()
      if (text[i] === ']') return fail(i, "a trailing comma before ']'; remove the comma")
    }
    pending = 'value'
  }
}
