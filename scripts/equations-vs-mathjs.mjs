#!/usr/bin/env node
// The derived kernels of @spikegrad/neuron-equations against math.js doing the same work: the
// Izhikevich neuron's right-hand side and vector–Jacobian product (∂f/∂v, ∂f/∂u, ∂f/∂I from
// math.js's derivative(), each compiled and evaluated neuron by neuron) over N = 10 000 neurons,
// mean of 50 calls after one warm-up. math.js is not a dependency of this project; install it
// beside the clone first, without saving it:
//
//     npx tsc -b && npm install --no-save mathjs@15.2.0 && node scripts/equations-vs-mathjs.mjs
//
// A measurement, not a test (docs/equation-neurons.md quotes it).
import { equationNeuron, izhikevichEquations } from '@spikegrad/neuron-equations'

let math
try {
  math = await import('mathjs')
} catch {
  console.error('equations-vs-mathjs: math.js is not installed; run: npm install --no-save mathjs@15.2.0')
  process.exit(2)
}
const { create, all } = math
const mathjs = create(all)
const N = 10000
const R = 50
const x = new Float64Array(2 * N)
const I = new Float64Array(N)
const lam = new Float64Array(2 * N)
let seed = 1
const uniform = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
for (let j = 0; j < N; j++) {
  x[j] = -65 + 60 * uniform()
  x[N + j] = -13 + uniform()
  I[j] = 10 * uniform()
  lam[j] = uniform()
  lam[N + j] = uniform()
}
const neuron = equationNeuron(izhikevichEquations)
const p = Float64Array.from(neuron.parameters.map((q) => q.value))
const out = new Float64Array(2 * N)
const outX = new Float64Array(2 * N)
const outI = new Float64Array(N)
const time = (f) => {
  f()
  const s = process.hrtime.bigint()
  for (let r = 0; r < R; r++) f()
  return Number(process.hrtime.bigint() - s) / 1e6 / R
}
const ours = time(() => {
  neuron.rhs(p, N, x, I, out)
  neuron.vjp(p, N, x, I, lam, outX, outI)
})
const ourOut = Float64Array.from(out)
const ourX = Float64Array.from(outX)
const f = ['0.04*v^2 + 5*v + 140 - u + I', 'a*(b*v - u)']
const vars = ['v', 'u', 'I']
const cf = f.map((e) => mathjs.compile(e))
const d = f.map((e) => vars.map((v) => mathjs.derivative(e, v).compile()))
const scope = { a: 0.02, b: 0.2, v: 0, u: 0, I: 0 }
const theirs = time(() => {
  for (let j = 0; j < N; j++) {
    scope.v = x[j]
    scope.u = x[N + j]
    scope.I = I[j]
    out[j] = cf[0].evaluate(scope)
    out[N + j] = cf[1].evaluate(scope)
    const l0 = lam[j]
    const l1 = lam[N + j]
    outX[j] = d[0][0].evaluate(scope) * l0 + d[1][0].evaluate(scope) * l1
    outX[N + j] = d[0][1].evaluate(scope) * l0 + d[1][1].evaluate(scope) * l1
    outI[j] = d[0][2].evaluate(scope) * l0 + d[1][2].evaluate(scope) * l1
  }
})
let worst = 0
for (let i = 0; i < 2 * N; i++) worst = Math.max(worst, Math.abs(out[i] - ourOut[i]) / (1 + Math.abs(ourOut[i])), Math.abs(outX[i] - ourX[i]) / (1 + Math.abs(ourX[i])))
console.log(`Izhikevich rhs + vjp, N = ${N}: neuron-equations ${ours.toFixed(2)} ms, math.js ${theirs.toFixed(2)} ms a call (${(theirs / ours).toFixed(1)}×); largest difference ${worst.toExponential(1)}`)
