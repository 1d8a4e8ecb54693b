import type { Neuron, NeuronReset, PerNeuronValue } from '@spikegrad/core'
import { compileKernel, type Kernel } from './compile/kernel.js'
import { runKernel } from './compile/runKernel.js'
import { differentiate } from './symbolic/differentiate.js'
import { isConst, type Expr } from './symbolic/expr.js'
import { evaluateUniform } from './evaluateUniform.js'
import { leakyForm } from './leakyForm.js'
import type { SymbolicNeuron } from './symbolicNeuron.js'

export { evaluateUniform } from './evaluateUniform.js'

// constructors

/**
 * The `Neuron` of a symbolic neuron: every function of the contract is a kernel compiled from
 * expressions derived here,
 *
 *     rhs            f_a
 *     vjp            outX_a = Σ_b ∂f_b/∂x_a λ_b,   outI = Σ_b ∂f_b/∂I λ_b
 *     paramVjp       Σ_b ∂f_b/∂p_k λ_b, summed over neurons, for each trainable p_k it reads
 *     condition      c,  ∂c/∂x_a,  ∂c/∂p_k
 *     jump           h_b(x⁻),  Σ_b ∂h_b/∂x_a λ_b⁺,  Σ_b ∂h_b/∂p_k λ_b⁺
 *
 * All of them run over one register file that grows with the largest population seen and is
 * otherwise never reallocated: no call allocates. With a per-neuron parameter table
 * (`perNeuronParameters`) each neuron runs on its own with its own parameters (n = 1, the
 * parameter-only part recomputed per neuron), and `paramVjp` keeps one entry per neuron.
 */
export function compiledNeuron(m: SymbolicNeuron, defaults: Float64Array, kind = 'equations', perNeuron: Readonly<Record<string, PerNeuronValue>> = {}): Neuron {
  const g = m.graph
  const S = m.stateNames.length
  const P = m.parameters.length
  const states = m.stateNames.map((_, a) => g.state(a))
  const lams = m.stateNames.map((_, a) => g.adjoint(a))
  const trainable = m.parameters.flatMap((s, k) => (s.trainable === false ? [] : [k]))
  const vjpAlong = (fs: readonly Expr[], leaf: Expr): Expr => fs.reduce((acc, f, b) => g.add(acc, g.mul(differentiate(g, f, leaf), lams[b]!)), g.constant(0))
  /** The trainable parameters whose expression is not identically zero, with those expressions. */
  const nonZero = (along: (leaf: Expr) => Expr): { readonly indices: Int32Array; readonly exprs: Expr[] } => {
    const pairs = trainable.map((k) => [k, along(g.param(k))] as const).filter(([, e]) => !isConst(e, 0))
    return { indices: Int32Array.from(pairs, ([k]) => k), exprs: pairs.map(([, e]) => e) }
  }

  const rows = (array: 0 | 1, count: number) => Array.from({ length: count }, (_, row) => ({ array, row }))
  // rhs into out, vjp into outX and outI: each output written by the instruction that computes it
  const rhsK = compileKernel(m.rhs, P, rows(0, S))
  const vjpK = compileKernel([...states.map((x) => vjpAlong(m.rhs, x)), vjpAlong(m.rhs, g.input())], P, [...rows(0, S), { array: 1, row: 0 }])
  const pv = nonZero((leaf) => vjpAlong(m.rhs, leaf))
  // Σ_j −e_j = −Σ_j e_j: a negation is applied to the sum, not to every neuron
  const pvSign = Float64Array.from(pv.exprs, (e) => (e.op === 'neg' ? -1 : 1))
  const paramK = compileKernel(pv.exprs.map((e) => (e.op === 'neg' ? e.a : e)), P)
  const kernels: Kernel[] = [rhsK, vjpK, paramK]

  let registers = new Float64Array(0)
  const scratch = (n: number): Float64Array => {
    if (registers.length < maxRegisters * n) registers = new Float64Array(maxRegisters * n)
    return registers
  }
  const none = new Float64Array(0)
  const column = new Float64Array(P)
  /** Neuron j's P values: p itself when they are shared, else gathered from the per-neuron table. */
  const of = (p: Float64Array, N: number, j: number): Float64Array => {
    if (p.length === P) return p
    for (let k = 0; k < P; k++) column[k] = p[k * N + j]!
    return column
  }
  /** Where ∂/∂p_k of neuron j accumulates: acc[k] when shared, acc[k·N + j] in a table. */
  const at = (p: Float64Array, N: number, k: number, j: number): number => (p.length === P ? k : k * N + j)

  let reset: NeuronReset | undefined
  if (m.reset !== undefined) {
    const { condition, jump, assigned } = m.reset
    const condK = compileKernel([condition], P)
    const condGradK = compileKernel(states.map((x) => differentiate(g, condition, x)), P)
    const cp = nonZero((leaf) => differentiate(g, condition, leaf))
    const condParamK = compileKernel(cp.exprs, P)
    const jumpK = compileKernel(assigned.map((b) => jump[b]!), P)
    const assignedRows = Int32Array.from(assigned)
    const jumpVjpK = compileKernel(states.map((x) => vjpAlong(jump, x)), P)
    const jp = nonZero((leaf) => vjpAlong(jump, leaf))
    const jumpParamK = compileKernel(jp.exprs, P)
    kernels.push(condK, condGradK, condParamK, jumpK, jumpVjpK, jumpParamK)
    reset = {
      condition(p, N, j, x) {
        const R = scratch(1)
        runKernel(condK, of(p, N, j), N, j, 1, x, none, none, R, none, none)
        return R[condK.outputs[0]!]!
      },
      conditionGradient(p, N, j, x, out) {
        const R = scratch(1)
        runKernel(condGradK, of(p, N, j), N, j, 1, x, none, none, R, none, none)
        for (let a = 0; a < S; a++) out[a] = R[condGradK.outputs[a]!]!
      },
      conditionParamGradient(p, N, j, x, scale, acc) {
        const R = scratch(1)
        runKernel(condParamK, of(p, N, j), N, j, 1, x, none, none, R, none, none)
        for (let i = 0; i < cp.indices.length; i++) {
          const e = at(p, N, cp.indices[i]!, j)
          acc[e] = acc[e]! + scale * R[condParamK.outputs[i]!]!
        }
      },
      jump(p, N, j, x) {
        const R = scratch(1)
        runKernel(jumpK, of(p, N, j), N, j, 1, x, none, none, R, none, none)
        for (let i = 0; i < assignedRows.length; i++) x[assignedRows[i]! * N + j] = R[jumpK.outputs[i]!]!
      },
      jumpVjp(p, N, j, xMinus, lam) {
        const R = scratch(1)
        runKernel(jumpVjpK, of(p, N, j), N, j, 1, xMinus, none, lam, R, none, none)
        for (let a = 0; a < S; a++) lam[a * N + j] = R[jumpVjpK.outputs[a]!]!
      },
      jumpParamVjp(p, N, j, xMinus, lam, acc) {
        const R = scratch(1)
        runKernel(jumpParamK, of(p, N, j), N, j, 1, xMinus, none, lam, R, none, none)
        for (let i = 0; i < jp.indices.length; i++) {
          const e = at(p, N, jp.indices[i]!, j)
          acc[e] = acc[e]! + R[jumpParamK.outputs[i]!]!
        }
      },
    }
  }
  const maxRegisters = Math.max(1, ...kernels.map((k) => k.registerCount))

  // the LIF form, declared: the closed-form solve then takes it (closedFormPlan)
  const leaky = leakyForm(m, defaults, of)
  const gateValues = new Float64Array(P + 1)
  const neuron: Neuron = {
    kind,
    stateNames: m.stateNames,
    voltageIndex: m.voltageIndex,
    parameters: m.parameters,
    defaults,
    perNeuronParameters: true,
    ...(Object.keys(perNeuron).length > 0 && { perNeuron }),
    gateZone(p, width) {
      gateValues.set(p.subarray(0, P))
      gateValues[P] = width
      const center = evaluateUniform(m.gate.center, gateValues)
      return m.gate.period === undefined ? { center } : { center, period: evaluateUniform(m.gate.period, gateValues) }
    },
    rhs(p, N, x, I, out) {
      if (p.length === P) runKernel(rhsK, p, N, 0, N, x, I, none, scratch(N), out, none)
      else for (let j = 0; j < N; j++) runKernel(rhsK, of(p, N, j), N, j, 1, x, I, none, scratch(1), out, none)
    },
    vjp(p, N, x, I, lam, outX, outI) {
      if (p.length === P) runKernel(vjpK, p, N, 0, N, x, I, lam, scratch(N), outX, outI)
      else for (let j = 0; j < N; j++) runKernel(vjpK, of(p, N, j), N, j, 1, x, I, lam, scratch(1), outX, outI)
    },
    initialState(p, N, out) {
      if (p.length === P) for (let a = 0; a < S; a++) out.fill(evaluateUniform(m.initial[a]!, p), a * N, (a + 1) * N)
      else for (let j = 0; j < N; j++) for (let a = 0; a < S; a++) out[a * N + j] = evaluateUniform(m.initial[a]!, of(p, N, j))
    },
    ...(reset !== undefined && { reset }),
    ...(leaky !== undefined && { leaky }),
  }

  if (trainable.length > 0) {
    neuron.paramVjp = (p, N, x, I, lam, scale, acc) => {
      if (pv.indices.length === 0) return
      if (p.length !== P) {
        // a per-neuron table: one entry per neuron
        for (let j = 0; j < N; j++) {
          const R = scratch(1)
          runKernel(paramK, of(p, N, j), N, j, 1, x, I, lam, R, none, none)
          for (let i = 0; i < pv.indices.length; i++) {
            const e = pv.indices[i]! * N + j
            acc[e] = acc[e]! + pvSign[i]! * scale * R[paramK.outputs[i]!]!
          }
        }
        return
      }
      const R = scratch(N)
      runKernel(paramK, p, N, 0, N, x, I, lam, R, none, none)
      for (let i = 0; i < pv.indices.length; i++) {
        const r = paramK.outputs[i]! * N
        let sum = 0
        for (let j = 0; j < N; j++) sum += R[r + j]!
        const k = pv.indices[i]!
        acc[k] = acc[k]! + pvSign[i]! * scale * sum
      }
    }
  }
  return neuron
}
