import type { Kernel } from './kernel.js'
import { Kind, Op, SCALAR_WIDTH, VECTOR_WIDTH } from './opcodes.js'

/**
 * Runs a kernel for neurons j0 .. j0+n-1 of a population of N: the scalar program over the
 * uniform slots (parameters copied from p), then the vector program, one instruction at a time
 * over all n neurons (the dispatch is paid once per instruction, not once per neuron). State
 * variable a of neuron j is x[a·N + j], adjoint component b is lam[b·N + j], the current I[j].
 * Output k of neuron j0+i is left in `registers[kernel.outputs[k]·n + i]`, or, for a kernel
 * compiled with targets, in row `targetRows[k]` of `out0` or `out1` (entry row·N + j0 + i).
 *
 * Allocation-free: `registers` must hold registerCount·n values (see `ensureRegisters`).
 */
export function runKernel(
  k: Kernel,
  p: Float64Array,
  N: number,
  j0: number,
  n: number,
  x: Float64Array,
  I: Float64Array,
  lam: Float64Array,
  registers: Float64Array,
  out0: Float64Array,
  out1: Float64Array,
): void {
  const U = k.uniforms
  for (let i = 0; i < k.paramCount; i++) U[i] = p[i]!
  runScalar(k.scalarCode, U)
  const code = k.vectorCode
  const R = registers
  for (let pc = 0; pc < code.length; pc += VECTOR_WIDTH) {
    const opcode = code[pc]!
    const dst = code[pc + 1]!
    let D = R
    let d = dst * n
    if (dst < 0) {
      const t = -1 - dst
      D = k.targetArrays[t] === 0 ? out0 : out1
      d = k.targetRows[t]! * N + j0
    }
    const aKind = code[pc + 2]!
    const aIdx = code[pc + 3]!
    const bKind = code[pc + 4]!
    const bIdx = code[pc + 5]!
    const A = aKind === Kind.REG ? R : aKind === Kind.X ? x : aKind === Kind.IN ? I : aKind === Kind.LAM ? lam : U
    const ao = aKind === Kind.REG ? aIdx * n : aKind === Kind.IN ? j0 : aKind === Kind.U ? aIdx : aIdx * N + j0
    const B = bKind === Kind.REG ? R : bKind === Kind.X ? x : bKind === Kind.IN ? I : bKind === Kind.LAM ? lam : U
    const bo = bKind === Kind.REG ? bIdx * n : bKind === Kind.IN ? j0 : bKind === Kind.U ? bIdx : bIdx * N + j0
    switch (opcode) {
      // both vectors
      case Op.ADD * 3:
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]! + B[bo + j]!
        break
      case Op.SUB * 3:
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]! - B[bo + j]!
        break
      case Op.MUL * 3:
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]! * B[bo + j]!
        break
      case Op.DIV * 3:
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]! / B[bo + j]!
        break
      case Op.POW * 3:
        for (let j = 0; j < n; j++) D[d + j] = Math.pow(A[ao + j]!, B[bo + j]!)
        break
      // b uniform
      case Op.ADD * 3 + 1: {
        const s = B[bo]!
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]! + s
        break
      }
      case Op.SUB * 3 + 1: {
        const s = B[bo]!
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]! - s
        break
      }
      case Op.MUL * 3 + 1: {
        const s = B[bo]!
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]! * s
        break
      }
      case Op.POW * 3 + 1: {
        const s = B[bo]!
        for (let j = 0; j < n; j++) D[d + j] = Math.pow(A[ao + j]!, s)
        break
      }
      // a uniform
      case Op.ADD * 3 + 2: {
        const s = A[ao]!
        for (let j = 0; j < n; j++) D[d + j] = s + B[bo + j]!
        break
      }
      case Op.SUB * 3 + 2: {
        const s = A[ao]!
        for (let j = 0; j < n; j++) D[d + j] = s - B[bo + j]!
        break
      }
      case Op.MUL * 3 + 2: {
        const s = A[ao]!
        for (let j = 0; j < n; j++) D[d + j] = s * B[bo + j]!
        break
      }
      case Op.DIV * 3 + 2: {
        const s = A[ao]!
        for (let j = 0; j < n; j++) D[d + j] = s / B[bo + j]!
        break
      }
      case Op.POW * 3 + 2: {
        const s = A[ao]!
        for (let j = 0; j < n; j++) D[d + j] = Math.pow(s, B[bo + j]!)
        break
      }
      // one vector operand
      case Op.NEG * 3:
        for (let j = 0; j < n; j++) D[d + j] = -A[ao + j]!
        break
      case Op.EXP * 3:
        for (let j = 0; j < n; j++) D[d + j] = Math.exp(A[ao + j]!)
        break
      case Op.LOG * 3:
        for (let j = 0; j < n; j++) D[d + j] = Math.log(A[ao + j]!)
        break
      case Op.SQRT * 3:
        for (let j = 0; j < n; j++) D[d + j] = Math.sqrt(A[ao + j]!)
        break
      case Op.SIN * 3:
        for (let j = 0; j < n; j++) D[d + j] = Math.sin(A[ao + j]!)
        break
      case Op.COS * 3:
        for (let j = 0; j < n; j++) D[d + j] = Math.cos(A[ao + j]!)
        break
      case Op.TANH * 3:
        for (let j = 0; j < n; j++) D[d + j] = Math.tanh(A[ao + j]!)
        break
      case Op.SQUARE * 3:
        for (let j = 0; j < n; j++) {
          const a = A[ao + j]!
          D[d + j] = a * a
        }
        break
      case Op.MOV * 3:
        for (let j = 0; j < n; j++) D[d + j] = A[ao + j]!
        break
      case Op.FILL * 3: {
        const s = A[ao]!
        for (let j = 0; j < n; j++) D[d + j] = s
        break
      }
      default:
        throw new Error(`unreachable: opcode ${opcode}`)
    }
  }
}

/** The scalar program: U[dst] = op(U[a], U[b]). */
function runScalar(code: Int32Array, U: Float64Array): void {
  for (let pc = 0; pc < code.length; pc += SCALAR_WIDTH) {
    const a = U[code[pc + 2]!]!
    const b = U[code[pc + 3]!]!
    U[code[pc + 1]!] = scalarOp(code[pc]!, a, b)
  }
}

/** One operation on numbers (the scalar program's, and the reference for the vector one). */
export function scalarOp(op: number, a: number, b: number): number {
  switch (op) {
    case Op.ADD:
      return a + b
    case Op.SUB:
      return a - b
    case Op.MUL:
      return a * b
    case Op.DIV:
      return a / b
    case Op.POW:
      return Math.pow(a, b)
    case Op.NEG:
      return -a
    case Op.EXP:
      return Math.exp(a)
    case Op.LOG:
      return Math.log(a)
    case Op.SQRT:
      return Math.sqrt(a)
    case Op.SIN:
      return Math.sin(a)
    case Op.COS:
      return Math.cos(a)
    case Op.TANH:
      return Math.tanh(a)
    case Op.SQUARE:
      return a * a
    default:
      throw new Error(`unreachable: scalar op ${op}`)
  }
}
