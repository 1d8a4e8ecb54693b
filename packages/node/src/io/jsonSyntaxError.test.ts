import test from 'ava'
import fc from 'fast-check'
import { lineColumn, locateJsonSyntaxError } from './jsonSyntaxError.js'

const parses = (text: string): boolean => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

test('locateJsonSyntaxError — points at the first error and says what it is', (t) => {
  const cases: ReadonlyArray<readonly [string, number, string]> = [
    ['{"a": }', 6, "unexpected '}': a value was expected"],
    ['{"a": 1,}', 8, "a trailing comma before '}'"],
    ['[1, 2,]', 6, "a trailing comma before ']'"],
    ['{"a": 1', 7, "unexpected end of file: ',' or '}' was expected after a property value"],
    ['[1 2]', 3, "unexpected '2': ',' or ']' was expected after an array element"],
    ["{'a': 1}", 1, 'a property name in double quotes was expected'],
    ['{"a" 1}', 5, "':' was expected after the property name"],
    ['[01]', 1, 'a number with a leading zero'],
    ['[1.]', 3, 'a digit was expected after the decimal point'],
    ['[1e+]', 4, 'a digit was expected in the exponent'],
    ['[-]', 2, 'a digit was expected in a number'],
    ['"ab', 0, 'a string that is never closed'],
    ['"a\nb"', 2, 'a control character'],
    ['"\\x"', 1, 'an invalid escape \\x'],
    ['"\\u12G4"', 1, 'a \\u escape needs four hex digits'],
    ['{"a": 1} x', 9, "unexpected 'x' after the end of the JSON value"],
    ['tru', 0, "unexpected 't': a value was expected"],
    ["['a']", 1, 'a single quote'],
    ['', 0, 'unexpected end of file: a value was expected'],
  ]
  for (const [text, offset, problem] of cases) {
    t.false(parses(text), `JSON.parse accepts ${JSON.stringify(text)}`)
    const found = locateJsonSyntaxError(text)
    t.is(found?.offset, offset, `offset for ${JSON.stringify(text)}`)
    t.true(found?.problem.includes(problem) === true, `${JSON.stringify(text)}: ${found?.problem}`)
  }
})

test('locateJsonSyntaxError — reports line and column, counting a \\r\\n line end once', (t) => {
  t.like(locateJsonSyntaxError('{\r\n  "a": 1,\r\n  "b": x\r\n}'), { line: 3, column: 8 })
  t.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 })
})

test('locateJsonSyntaxError — finds an error exactly when JSON.parse rejects the text', (t) => {
  const mutated = fc
    .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', '0', '-', 'e', '.', ':', ' ', '\\', '\n'))
    .map(([json, at, insert]) => {
      const k = at % (json.length + 1)
      return json.slice(0, k) + insert + json.slice(k + (at % 2))
    })
  fc.assert(
    fc.property(fc.oneof(fc.json(), fc.string(), mutated), (text) => (locateJsonSyntaxError(text) === undefined) === parses(text)),
    { numRuns: 3000 },
  )
  t.pass()
})
