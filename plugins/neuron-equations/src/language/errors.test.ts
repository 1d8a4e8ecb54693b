import test from 'ava'
import { isLeft } from 'fp-ts/lib/Either.js'
import { refusalIssues } from '@spikegrad/core'
import { equationNeuronFactory, formatIssues, parseEquationNeuron, type EquationNeuronDefinition } from '../index.js'
import { maxDepth } from './parse.js'
import { maxSourceLength } from './tokenize.js'

/** The issues of a definition as text (fails the test when it builds). */
function refusal(t: { fail: (m: string) => void }, definition: unknown): string {
  const made = parseEquationNeuron(definition)
  if (!isLeft(made)) {
    t.fail(`built a neuron from ${JSON.stringify(definition).slice(0, 200)}`)
    return ''
  }
  return formatIssues(made.left)
}

const lif = (over: Partial<EquationNeuronDefinition>): EquationNeuronDefinition => ({
  equations: ['dv/dt = (I - v) / tau_m'],
  threshold: 'v > v_th',
  reset: ['v = v_reset'],
  parameters: { tau_m: 10, v_th: 1, v_reset: 0 },
  ...over,
})

test('an unknown name: its equation, its column, the nearest declared name and the list of them', (t) => {
  const message = refusal(t, lif({ equations: ['dv/dt = (I - v) / tau_n'] }))
  t.is(message, 'equations[0], column 19: unknown name "tau_n"; did you mean "tau_m"? the names declared here are v, tau_m, v_th, v_reset, pi, I')
})

test('an unknown name that is near no declared one: the fix is to declare it', (t) => {
  const message = refusal(t, lif({ equations: ['dv/dt = (I - v) / tau_m + gain'] }))
  t.is(message, 'equations[0], column 27: unknown name "gain"; declare it in parameters (or as a variable with its equation); the names declared here are v, tau_m, v_th, v_reset, pi, I')
})

test('the factory bound as "equations" refuses field by field: each issue at its path inside its options, the column in the problem', (t) => {
  const error = t.throws(() => equationNeuronFactory({}, lif({ equations: ['dv/dt = (I - vth) / tau_m'], treshold: 'v > 1' } as Partial<EquationNeuronDefinition>)))
  t.deepEqual(refusalIssues(error), [{ at: 'options.treshold', problem: 'unknown field', fix: 'did you mean "threshold"?' }])
  const second = t.throws(() => equationNeuronFactory({}, lif({ equations: ['dv/dt = (I - vth) / tau_m'] })))
  t.deepEqual(refusalIssues(second), [{ at: 'options.equations[0]', problem: 'unknown name "vth" at column 14', fix: 'did you mean "v_th"? the names declared here are v, tau_m, v_th, v_reset, pi, I' }])
  t.regex(second?.message ?? '', /^options\.equations\[0\], column 14: unknown name "vth"/, 'its message keeps the form of the other refusals')
  const byParams = refusalIssues(t.throws(() => equationNeuronFactory({ tau_m: -1 }, lif({ parameters: { tau_m: { value: 10, min: 1e-3 }, v_th: 1, v_reset: 0 } }))))
  t.deepEqual(byParams?.map((i) => i.at), ['params'], 'a value given in params is refused at params')
  t.regex(byParams?.[0]?.problem ?? '', /parameter "tau_m" = -1 is out of range \[0\.001, inf\]/)
})

test('syntax errors point at their column and say what was expected', (t) => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['dv/dt = (I - v / tau_m', /equations\[0\], column 23: expected "\)" here, found the end; close the parenthesis opened at column 9/],
    ['dv/dt = I - * v', /column 13: expected a number, a name or "\(", found "\*"/],
    ['dv/dt = v ** 2', /column 11: unexpected "\*\*"; write powers with \^/],
    ['v = I - v', /column 1: expected "d<variable>\/dt" at the start; write it as "dx\/dt = …"/],
    ['dv/dt = I v', /column 11: unexpected "v"; join the parts with an operator/],
    ['dv/dt = I - v; 1', /column 14: unexpected character ";"/],
    ['dv/dt = exp(v, I)', /column 9: exp takes one argument, given 2/],
  ]
  for (const [equation, expected] of cases) t.regex(refusal(t, lif({ equations: [equation] })), expected, equation)
})

test('functions without a derivative everywhere are refused with a smooth stand-in to write; unknown ones get the list', (t) => {
  t.regex(refusal(t, lif({ equations: ['dv/dt = (I - abs(v)) / tau_m'] })), /column 14: abs is refused: it has no derivative at every point, and the adjoint needs one; write a smooth stand-in such as sqrt\(x\^2 \+ eps\^2\)/)
  t.regex(refusal(t, lif({ equations: ['dv/dt = max(I, v)'] })), /max is refused/)
  t.regex(refusal(t, lif({ equations: ['dv/dt = tan(v)'] })), /unknown function "tan"; did you mean "tanh"\? the functions are exp, log, sqrt, sin, cos, tanh/)
})

test('meaning: a variable twice, a reset of a parameter or of nothing, I in a threshold, t, division by zero, a threshold without reset', (t) => {
  t.regex(refusal(t, lif({ equations: ['dv/dt = -v', 'dv/dt = I'] })), /equations\[1\], column 2: a second equation for v/)
  t.regex(refusal(t, lif({ reset: ['v_th = 0'] })), /reset\[0\], column 1: v_th is a parameter; a reset assigns state variables/)
  t.regex(refusal(t, lif({ reset: ['u = 0'] })), /reset\[0\], column 1: u is not a state variable; did you mean "v"\? the state variables are v/)
  t.regex(refusal(t, lif({ threshold: 'v > I' })), /threshold, column 5: the input current I is not available in a threshold/)
  t.regex(refusal(t, lif({ threshold: 'v_th > 0' })), /threshold: reads no state variable/)
  t.regex(refusal(t, lif({ equations: ['dv/dt = (I - v) / tau_m * t'] })), /column 27: the time t is not available/)
  t.regex(refusal(t, lif({ equations: ['dv/dt = v / (2 - 2)'] })), /column 11: division by zero/)
  t.regex(refusal(t, lif({ equations: ['dv/dt = v / (v_th - v_th)'] })), /column 11: division by zero/)
  t.regex(refusal(t, lif({ equations: ['dv/dt = (I - v) / tau_m + log(0)'] })), /column 27: this part is the constant -Infinity; write a finite value/)
  t.regex(refusal(t, lif({ equations: ['dv/dt = (I - v) / tau_m * sqrt(2 - 3)'] })), /column 27: this part is the constant NaN/)
  t.regex(refusal(t, { equations: ['dv/dt = -v'], threshold: 'v > 1' }), /threshold: is given without a reset; add what happens at a spike/)
  t.regex(refusal(t, { equations: ['dtheta/dt = 1 - cos(theta)'] }), /gate: is needed.*"center": "pi", "period": "2\*pi"/)
  t.regex(refusal(t, lif({ voltage: 'V' })), /voltage: "V" is not a state variable; did you mean "v"\?/)
})

test('the definition itself: unknown fields with the nearest, wrong types, too many entries', (t) => {
  t.regex(refusal(t, { ...lif({}), tresholds: 'v > 1' }), /options\.tresholds: unknown field; did you mean "threshold"\?/)
  t.regex(refusal(t, { equations: 'dv/dt = -v' }), /equations: must be a list of strings, got string/)
  t.regex(refusal(t, lif({ parameters: { tau_m: { value: 'ten' } } as never })), /parameters\.tau_m\.value: must be a finite number, got ten/)
  t.regex(refusal(t, lif({ parameters: { tau_m: { value: 10, min: 20 }, v_th: 1, v_reset: 0 } })), /parameters\.tau_m: the value 10 is outside \[20, inf\]/)
  t.regex(refusal(t, { equations: Array.from({ length: 33 }, (_, i) => `dx${i}/dt = -x${i}`) }), /equations: has 33 entries; at most 32/)
  t.regex(refusal(t, null), /options: must be an object with "equations", got null/)
  t.regex(refusal(t, lif({ parameters: { tau_m: 10, v_th: 1, v_reset: 0, tau_w: 5 } })), /parameters\.tau_w: is declared but no equation, threshold, reset, gate or initial value reads it; use it, or remove it/)
  t.regex(refusal(t, lif({ initial: { v: 0.5 } as never })), /initial\.v: must be a string: an expression of the parameters, got 0\.5; write it as "0\.5"/)
  t.regex(refusal(t, lif({ initial: { u: '0' } })), /initial\.u: is not a state variable/)
})

test(`a string longer than ${maxSourceLength} characters (e.g. 1 MB) is refused before it is read`, (t) => {
  const huge = `dv/dt = ${'v + '.repeat(250_000)}v`
  t.true(huge.length > 1_000_000)
  const started = Date.now()
  t.regex(refusal(t, lif({ equations: [huge] })), new RegExp(`equations\\[0\\]: is ${huge.length} characters long; at most ${maxSourceLength} are read`))
  t.true(Date.now() - started < 500)
})

test(`an expression nested 10 000 deep (or a chain deeper than ${maxDepth}) is refused, not a stack overflow`, (t) => {
  const deep = `dv/dt = ${'('.repeat(10_000)}v${')'.repeat(10_000)}`
  const withinLength = `dv/dt = ${'('.repeat(900)}v${')'.repeat(900)}`
  const minus = `dv/dt = ${'-'.repeat(1500)}v`
  const chain = `dv/dt = ${'v+'.repeat(900)}v`
  t.regex(refusal(t, lif({ equations: [deep] })), /characters long/)
  for (const e of [withinLength, minus, chain]) t.regex(refusal(t, lif({ equations: [e] })), new RegExp(`nested more than ${maxDepth} deep; write it flatter`), e.slice(0, 30))
})

test('hostile strings are refused as text: nothing in them runs, and names of JavaScript object properties are not names', (t) => {
  const exit = process.exit
  let exited = false
  process.exit = ((): never => {
    exited = true
    throw new Error('process.exit was called')
  }) as typeof process.exit
  try {
    const cases: readonly (readonly [unknown, RegExp])[] = [
      [lif({ equations: ['dv/dt = process.exit()'] }), /column 16: unexpected character "\."/],
      [lif({ equations: ['dv/dt = constructor'] }), /unknown name "constructor"/],
      [lif({ equations: ['dv/dt = constructor.constructor("return process")().exit()'] }), /column 20: unexpected character "\."/],
      [lif({ equations: ['dv/dt = __proto__'] }), /unknown name "__proto__"/],
      [lif({ equations: ['dconstructor/dt = -constructor'] }), /equations\[0\], column 2: "constructor" is refused as a name; every JavaScript object has a property of that name: rename it/],
      [lif({ equations: ['d__proto__/dt = 1'] }), /"__proto__" is refused as a name/],
      [lif({ parameters: JSON.parse('{"__proto__": 1, "tau_m": 10, "v_th": 1, "v_reset": 0}') }), /parameters\.__proto__: "__proto__" is refused as a name/],
      [lif({ parameters: { toString: 1, tau_m: 10, v_th: 1, v_reset: 0 } }), /parameters\.toString: "toString" is refused/],
      [lif({ equations: ['dv/dt = `${process.exit()}`'] }), /unexpected character "`"/],
      [lif({ reset: ['v = eval("process.exit()")'] }), /reset\[0\], column 10: unexpected character "\\""/],
      [lif({ reset: ['v = eval(v_reset)'] }), /reset\[0\], column 5: unknown function "eval"/],
      [lif({ equations: ['dv/dt = require("child_process")'] }), /unexpected character "\\""/],
      [JSON.parse('{"equations": ["dv/dt = -v"], "__proto__": {"threshold": "v > 1"}}'), /options\.__proto__: unknown field/],
    ]
    for (const [definition, expected] of cases) t.regex(refusal(t, definition), expected, JSON.stringify(definition).slice(0, 120))
  } finally {
    process.exit = exit
  }
  t.false(exited)
})
