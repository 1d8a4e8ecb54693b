import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js'
import type { ParameterSpec } from '@spikegrad/core'
import { isObjectPropertyName, type EquationNeuronDefinition } from './definition.js'
import type { Ast } from './language/ast.js'
import { equationIssue, nearestName, type EquationIssue } from './language/equationIssue.js'
import { lower, namedConstants } from './language/lower.js'
import { parseAssignment, parseCondition, parseEquation, parseExpression } from './language/parse.js'
import { ExprGraph, functionNames, GraphTooLarge, type Expr } from './symbolic/expr.js'
import { dependsOn } from './symbolic/differentiate.js'

// model

/**
 * A neuron's equations as symbolic expressions in one graph: the right-hand sides f_a, the
 * threshold c (fires when c rises through 0), the reset h (one expression per variable, the
 * identity for those the reset leaves alone), the gate zone and the initial state. Parameter k
 * is `graph.param(k)`; `width` (for the gate zone only) is parameter index `parameters.length`.
 */
export interface SymbolicNeuron {
  readonly graph: ExprGraph
  readonly stateNames: readonly string[]
  readonly voltageIndex: number
  readonly parameters: readonly ParameterSpec[]
  readonly rhs: readonly Expr[]
  readonly reset?: { readonly condition: Expr; readonly jump: readonly Expr[]; readonly assigned: readonly number[] }
  readonly gate: { readonly center: Expr; readonly period?: Expr }
  readonly initial: readonly Expr[]
}

/** Names the language keeps for itself. */
const reserved = new Set<string>(['I', 'pi', 't', 'dt', 'width', ...functionNames, 'abs', 'max', 'min', 'sign', 'step', 'heaviside', 'floor', 'ceil', 'round', 'clip'])

// constructors

/**
 * Parses and checks a definition: every string parsed (issues carry the field and column),
 * every name declared, every variable with one equation, reset targets state variables, the
 * threshold reads a state variable, and neither reads I. All issues are collected.
 */
export function symbolicNeuron(def: EquationNeuronDefinition): Either<readonly EquationIssue[], SymbolicNeuron> {
  const issues: EquationIssue[] = []
  const g = new ExprGraph()
  try {
    return build(def, g, issues)
  } catch (e) {
    if (e instanceof GraphTooLarge) return left([...issues, equationIssue('equations', e.message, 'write shorter equations')])
    throw e
  }
}

// internals

function build(def: EquationNeuronDefinition, g: ExprGraph, issues: EquationIssue[]): Either<readonly EquationIssue[], SymbolicNeuron> {
  // parameters
  const parameters: ParameterSpec[] = []
  for (const [name, d] of Object.entries(def.parameters ?? {})) {
    const at = `parameters.${name}`
    if (!checkName(name, at, issues)) continue
    const spec: ParameterSpec = typeof d === 'number' ? { name, value: d, unit: '1', trainable: true } : { name, unit: '1', trainable: true, ...d }
    if ((spec.min !== undefined && spec.value < spec.min) || (spec.max !== undefined && spec.value > spec.max)) {
      issues.push(equationIssue(at, `the value ${spec.value} is outside [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`))
    }
    parameters.push(spec)
  }
  // equations: their variables are the state
  const parsed = def.equations.map((source, a) => parseEquation(source, `equations[${a}]`))
  const stateNames: string[] = []
  parsed.forEach((p, a) => {
    if (isLeft(p)) return void issues.push(p.left)
    const at = `equations[${a}]`
    const name = p.right.variable
    if (!checkName(name, at, issues, p.right.column)) return
    if (stateNames.includes(name)) issues.push(equationIssue(at, `a second equation for ${name}`, 'give each variable one equation', p.right.column))
    else if (parameters.some((s) => s.name === name)) issues.push(equationIssue(at, `${name} is declared as a parameter and has an equation`, 'rename one of them', p.right.column))
    stateNames.push(name)
  })
  if (issues.length > 0) return left(issues)

  const scope = new Map<string, Expr>()
  stateNames.forEach((name, a) => scope.set(name, g.state(a)))
  parameters.forEach((spec, k) => scope.set(spec.name, g.param(k)))
  for (const [name, value] of namedConstants) scope.set(name, g.constant(value))
  const withI = new Map(scope).set('I', g.input())
  const params = new Map<string, Expr>(parameters.map((s, k) => [s.name, g.param(k)]))
  for (const [name, value] of namedConstants) params.set(name, g.constant(value))
  const declared = (s: ReadonlyMap<string, Expr>): string => [...s.keys()].join(', ')

  const read = (ast: Ast, at: string, s: ReadonlyMap<string, Expr>, what: string): Expr | undefined => {
    const e = lower(g, ast, s, at, declared(s))
    if (isLeft(e)) {
      const i = e.left
      const noI = i.problem === 'unknown name "I"' ? equationIssue(at, `the input current I is not available in ${what}`, 'only the equations read I', i.column) : i
      issues.push(noI)
      return undefined
    }
    return e.right
  }

  const expression = (source: string, at: string, s: ReadonlyMap<string, Expr>): Expr | undefined => {
    const p = parseExpression(source, at)
    if (isLeft(p)) return void issues.push(p.left)
    return read(p.right, at, s, 'the gate zone or the initial state')
  }

  const rhs = parsed.map((p, a) => (p._tag === 'Right' ? read(p.right.rhs, `equations[${a}]`, withI, 'the equations') : undefined))

  // voltage
  const voltageName = def.voltage ?? stateNames[0]!
  let voltageIndex = stateNames.indexOf(voltageName)
  if (voltageIndex < 0) {
    const near = nearestName(voltageName, stateNames)
    issues.push(equationIssue('voltage', `"${voltageName}" is not a state variable`, `${near !== undefined ? `did you mean "${near}"? ` : ''}name one of: ${stateNames.join(', ')}`))
    voltageIndex = 0
  }

  // threshold and reset
  let reset: SymbolicNeuron['reset']
  let thresholdValue: Expr | undefined
  if ((def.threshold === undefined) !== (def.reset === undefined)) {
    issues.push(
      def.threshold === undefined
        ? equationIssue('reset', 'is given without a threshold', 'add the spike condition, e.g. "threshold": "v > v_th"')
        : equationIssue('threshold', 'is given without a reset', 'add what happens at a spike, e.g. "reset": ["v = v_reset"]'),
    )
  } else if (def.threshold !== undefined && def.reset !== undefined) {
    const cond = parseCondition(def.threshold, 'threshold')
    let condition: Expr | undefined
    if (isLeft(cond)) issues.push(cond.left)
    else {
      const l = read(cond.right.left, 'threshold', scope, 'a threshold')
      const r = read(cond.right.right, 'threshold', scope, 'a threshold')
      if (l !== undefined && r !== undefined) {
        const rising = cond.right.op === '>' || cond.right.op === '>='
        condition = rising ? g.sub(l, r) : g.sub(r, l)
        if (!stateNames.some((_, a) => dependsOn(condition!, g.state(a)))) {
          issues.push(equationIssue('threshold', 'reads no state variable, so it can never be crossed', 'compare a variable with a value, e.g. "v > v_th"'))
        }
        const rest = rising ? r : l
        const moving = rising ? l : r
        if (moving === g.state(voltageIndex) && !stateNames.some((_, a) => dependsOn(rest, g.state(a)))) thresholdValue = rest
      }
    }
    const jump: Expr[] = stateNames.map((_, a) => g.state(a))
    const assigned: number[] = []
    def.reset.forEach((source, i) => {
      const at = `reset[${i}]`
      const p = parseAssignment(source, at)
      if (isLeft(p)) return void issues.push(p.left)
      const b = stateNames.indexOf(p.right.variable)
      if (b < 0) {
        const near = nearestName(p.right.variable, stateNames)
        const what = parameters.some((s) => s.name === p.right.variable) ? `${p.right.variable} is a parameter; a reset assigns state variables` : `${p.right.variable} is not a state variable`
        return void issues.push(equationIssue(at, what, `${near !== undefined ? `did you mean "${near}"? ` : ''}the state variables are ${stateNames.join(', ')}`, p.right.column))
      }
      if (assigned.includes(b)) return void issues.push(equationIssue(at, `${p.right.variable} is assigned twice`, 'give each variable one assignment', p.right.column))
      const value = read(p.right.rhs, at, scope, 'a reset')
      if (value === undefined) return
      const x = g.state(b)
      jump[b] = p.right.op === '=' ? value : p.right.op === '+=' ? g.add(x, value) : g.sub(x, value)
      assigned.push(b)
    })
    if (condition !== undefined) reset = { condition, jump, assigned }
  }

  // gate zone
  const withWidth = new Map(params).set('width', g.param(parameters.length))
  let gate: SymbolicNeuron['gate'] | undefined
  if (def.gate !== undefined) {
    const center = expression(def.gate.center, 'gate.center', withWidth)
    const period = def.gate.period === undefined ? undefined : expression(def.gate.period, 'gate.period', params)
    if (center !== undefined && (def.gate.period === undefined || period !== undefined)) gate = { center, ...(period !== undefined && { period }) }
  } else if (thresholdValue !== undefined) {
    gate = { center: g.sub(thresholdValue, g.div(g.param(parameters.length), g.constant(2))) }
  } else if (issues.length === 0) {
    issues.push(
      equationIssue(
        'gate',
        'is needed: the gate zone cannot be placed from the threshold',
        def.threshold === undefined ? 'for a phase neuron give e.g. { "center": "pi", "period": "2*pi" }' : `write the threshold as "${voltageName} > <value>", or give { "center": "<expression of the parameters and width>" }`,
      ),
    )
  }

  // initial state
  const initial: Expr[] = stateNames.map(() => g.constant(0))
  for (const [name, v] of Object.entries(def.initial ?? {})) {
    const a = stateNames.indexOf(name)
    if (a < 0) {
      const near = nearestName(name, stateNames)
      issues.push(equationIssue(`initial.${name}`, 'is not a state variable', `${near !== undefined ? `did you mean "${near}"? ` : ''}the state variables are ${stateNames.join(', ')}`))
      continue
    }
    const e = expression(v, `initial.${name}`, params)
    if (e !== undefined) initial[a] = e
  }

  // a parameter that nothing reads is most likely a slip (its gradient would be zero)
  if (issues.length === 0) {
    const roots = [...rhs, reset?.condition, ...(reset?.jump ?? []), gate?.center, gate?.period, ...initial]
    parameters.forEach((spec, k) => {
      if (!roots.some((e) => e !== undefined && dependsOn(e, g.param(k)))) {
        issues.push(equationIssue(`parameters.${spec.name}`, 'is declared but no equation, threshold, reset, gate or initial value reads it', 'use it, or remove it'))
      }
    })
  }
  if (issues.length > 0) return left(issues)
  return right({ graph: g, stateNames, voltageIndex, parameters, rhs: rhs as Expr[], ...(reset !== undefined && { reset }), gate: gate!, initial })
}

function checkName(name: string, at: string, issues: EquationIssue[], column?: number): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name.length > 64) {
    issues.push(equationIssue(at, `"${name.slice(0, 64)}" is not a name`, 'a name is letters, digits and _ (at most 64), starting with a letter or _', column))
    return false
  }
  if (isObjectPropertyName(name)) {
    issues.push(equationIssue(at, `"${name}" is refused as a name`, 'every JavaScript object has a property of that name: rename it', column))
    return false
  }
  if (reserved.has(name)) {
    issues.push(equationIssue(at, `"${name}" is a name the language keeps for itself`, 'rename it', column))
    return false
  }
  return true
}
