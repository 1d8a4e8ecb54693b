import test from 'ava'
import { checkNeuron, formatPluginCheck } from '@spikegrad/core'
import { equationNeuron } from '../index.js'
import { differentiate } from './differentiate.js'
import { ExprGraph } from './expr.js'
import { printExpr } from './print.js'

test('every function and operator of the language is differentiated right: a neuron that uses all of them passes the central-difference checks', (t) => {
  const neuron = equationNeuron({
    equations: [
      'dx/dt = sqrt(1 + x^2) * log(2 + y^2) - sin(a*x) * cos(y) / tau + I^3',
      'dy/dt = tanh(b*x - y) + exp(-y^2 / 2) * (1 + x^2)^(c*y) - 2^(x/10) + -x*I / (1 + I^2)',
    ],
    threshold: 'x + sin(y) > th * cos(a)',
    reset: ['x = r * exp(y)', 'y -= b*log(1 + x^2)'],
    parameters: { a: 1.3, b: 0.7, c: 0.3, tau: 4, th: 1.5, r: 0.2 },
    gate: { center: 'th - width/2' },
  })
  const report = checkNeuron(neuron, { stateRanges: [[-1.5, 1.5], [-1.5, 1.5]], currentRange: [-1, 1], N: 3, samples: 30 })
  t.true(report.ok, formatPluginCheck(report))
  // 7 with the shared parameters, and 2 more with a per-neuron parameter table (paramVjp and the reset's)
  t.is(report.checks.filter((c) => c.name.includes('central differences')).length, 9)
})

test('simplification: 0 and 1 vanish, constants fold, x − x = 0, and equal subexpressions are one node', (t) => {
  const g = new ExprGraph()
  const x = g.state(0)
  const p = g.param(0)
  const names = { states: ['x'], params: ['p'] }
  t.is(g.add(g.mul(g.constant(1), x), g.constant(0)), x)
  t.is(g.sub(g.mul(x, p), g.mul(x, p)), g.constant(0))
  t.is(g.mul(g.constant(2), g.constant(3)), g.constant(6))
  t.is(g.neg(g.neg(x)), x)
  t.is(printExpr(differentiate(g, g.div(g.sub(p, x), p), x), names), '-1/p')
  t.is(printExpr(differentiate(g, g.pow(x, g.constant(3)), x), names), '3*x^2')
  // d/dx exp(x²): the exp node of f is reused in f′
  const f = g.call('exp', g.pow(x, g.constant(2)))
  const d = differentiate(g, f, x)
  t.is(printExpr(d, names), 'exp(x^2)*(2*x)')
  t.is(d.op === 'mul' ? d.a : undefined, f)
})
