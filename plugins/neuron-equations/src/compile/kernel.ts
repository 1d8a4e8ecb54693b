import { childrenOf, type Expr } from '../symbolic/expr.js'
import { Kind, Op, SCALAR_WIDTH, Variant, VECTOR_WIDTH } from './opcodes.js'

// model

/**
 * A compiled set of expressions (the kernel of one contract function): a scalar program over
 * the uniform slots U (parameters, constants and everything that depends on parameters only,
 * computed once per call) and a vector program over registers of one value per neuron. Each
 * output ends in a register. Built only from the nodes of an `ExprGraph` — every instruction
 * is one of `Op`, every operand a slot the compiler allocated — never from text.
 */
export interface Kernel {
  /** U[0 .. paramCount) are the parameters, copied from p at each call. */
  readonly paramCount: number
  /** The uniform slots, constants already in place. Owned by the kernel. */
  readonly uniforms: Float64Array
  readonly scalarCode: Int32Array
  readonly vectorCode: Int32Array
  readonly registerCount: number
  /** The register of each output, in the order the expressions were given. */
  readonly outputs: Int32Array
  /**
   * Outputs written straight into the caller's arrays: instruction destinations below 0 name
   * target t = −1 − dst, row `targetRows[t]` of output array `targetArrays[t]` (0 or 1).
   */
  readonly targetArrays: Int32Array
  readonly targetRows: Int32Array
}

/** Where an output goes when the kernel writes it itself: row `row` (of N values) of output array 0 or 1. */
export interface OutputTarget {
  readonly array: 0 | 1
  readonly row: number
}

// constructors

/**
 * Compiles `roots` (expressions over state variables, parameters 0 .. paramCount-1, the input
 * current and adjoint components) into one kernel, sharing common subexpressions.
 */
export function compileKernel(roots: readonly Expr[], paramCount: number, targets?: readonly OutputTarget[]): Kernel {
  const c = new Compiler(paramCount)
  const outputs = Int32Array.from(roots, (r) => c.toRegister(r))
  if (targets !== undefined) c.writeOutputs(outputs)
  return c.finish(outputs, targets ?? [])
}

// internals

type Operand = { readonly kind: number; readonly idx: number }
type Level = 0 | 1 | 2 // constant, uniform (parameters only), vector (per neuron)

const binaryOps: Partial<Record<Expr['op'], number>> = { add: Op.ADD, sub: Op.SUB, mul: Op.MUL, div: Op.DIV, pow: Op.POW }
const unaryOps: Partial<Record<Expr['op'], number>> = { neg: Op.NEG, exp: Op.EXP, log: Op.LOG, sqrt: Op.SQRT, sin: Op.SIN, cos: Op.COS, tanh: Op.TANH }

class Compiler {
  private readonly uniformValues: number[] = []
  private readonly scalar: number[] = []
  private readonly vector: number[] = []
  private registers = 0
  private readonly operands = new Map<number, Operand>()
  private readonly levels = new Map<number, Level>()
  private readonly reciprocals = new Map<number, number>()

  constructor(private readonly paramCount: number) {
    for (let k = 0; k < paramCount; k++) this.uniformValues.push(0)
  }

  finish(outputs: Int32Array, targets: readonly OutputTarget[]): Kernel {
    return {
      paramCount: this.paramCount,
      uniforms: Float64Array.from(this.uniformValues),
      scalarCode: Int32Array.from(this.scalar),
      vectorCode: Int32Array.from(this.vector),
      registerCount: this.registers,
      outputs,
      targetArrays: Int32Array.from(targets, (t) => t.array),
      targetRows: Int32Array.from(targets, (t) => t.row),
    }
  }

  /**
   * Makes output k land in its target: the instruction that computes it writes there itself
   * when no other instruction or output reads its register (saving a pass over the
   * population), else a copy is appended.
   */
  writeOutputs(outputs: Int32Array): void {
    const code = this.vector
    const readers = new Map<number, number>()
    for (let pc = 0; pc < code.length; pc += VECTOR_WIDTH) {
      for (const at of [pc + 2, pc + 4]) if (code[at] === Kind.REG && !(at === pc + 4 && isUnary(code[pc]!))) readers.set(code[at + 1]!, (readers.get(code[at + 1]!) ?? 0) + 1)
    }
    const producer = new Map<number, number>()
    for (let pc = 0; pc < code.length; pc += VECTOR_WIDTH) producer.set(code[pc + 1]!, pc)
    const uses = new Map<number, number>()
    for (const r of outputs) uses.set(r, (uses.get(r) ?? 0) + 1)
    outputs.forEach((r, k) => {
      const dst = -1 - k
      if ((readers.get(r) ?? 0) === 0 && uses.get(r) === 1) code[producer.get(r)! + 1] = dst
      else code.push(Op.MOV * 3, dst, Kind.REG, r, 0, 0)
    })
  }

  /** The register that holds `e` (a copy or a broadcast when e is a leaf or uniform). */
  toRegister(e: Expr): number {
    const o = this.operand(e)
    if (o.kind === Kind.REG) return o.idx
    const dst = this.registers++
    this.vector.push(o.kind === Kind.U ? Op.FILL * 3 : Op.MOV * 3, dst, o.kind, o.idx, 0, 0)
    return dst
  }

  private level(e: Expr): Level {
    const seen = this.levels.get(e.id)
    if (seen !== undefined) return seen
    let l: Level
    switch (e.op) {
      case 'const':
        l = 0
        break
      case 'param':
        l = 1
        break
      case 'state':
      case 'input':
      case 'adjoint':
        l = 2
        break
      default:
        l = Math.max(...childrenOf(e).map((c) => this.level(c))) as Level
    }
    this.levels.set(e.id, l)
    return l
  }

  private operand(e: Expr): Operand {
    const seen = this.operands.get(e.id)
    if (seen !== undefined) return seen
    const o = this.emit(e)
    this.operands.set(e.id, o)
    return o
  }

  private emit(e: Expr): Operand {
    switch (e.op) {
      case 'const':
        return { kind: Kind.U, idx: this.newUniform(e.value) }
      case 'param':
        return { kind: Kind.U, idx: e.index }
      case 'state':
        return { kind: Kind.X, idx: e.index }
      case 'input':
        return { kind: Kind.IN, idx: 0 }
      case 'adjoint':
        return { kind: Kind.LAM, idx: e.index }
    }
    if (this.level(e) < 2) return this.emitUniform(e)
    const a = this.operand(e.a)
    if (e.b === undefined || (e.op === 'pow' && e.b.op === 'const' && e.b.value === 2)) {
      const dst = this.registers++
      this.vector.push((e.b === undefined ? unaryOps[e.op]! : Op.SQUARE) * 3, dst, a.kind, a.idx, 0, 0)
      return { kind: Kind.REG, idx: dst }
    }
    let b = this.operand(e.b)
    let op = binaryOps[e.op]!
    if (op === Op.DIV && b.kind === Kind.U) {
      // x / u as x · (1/u), 1/u computed once per call
      b = { kind: Kind.U, idx: this.reciprocal(b.idx) }
      op = Op.MUL
    }
    const variant = a.kind === Kind.U ? Variant.SV : b.kind === Kind.U ? Variant.VS : Variant.VV
    const out = this.registers++
    this.vector.push(op * 3 + variant, out, a.kind, a.idx, b.kind, b.idx)
    return { kind: Kind.REG, idx: out }
  }

  private emitUniform(e: Expr): Operand {
    if (!('a' in e)) throw new Error('unreachable: leaves are handled by emit')
    const a = this.operand(e.a).idx
    const b = e.b === undefined ? 0 : this.operand(e.b).idx
    const dst = this.newUniform(0)
    const op = e.b === undefined ? unaryOps[e.op]! : binaryOps[e.op]!
    this.scalar.push(op, dst, a, b)
    return { kind: Kind.U, idx: dst }
  }

  private reciprocal(slot: number): number {
    const seen = this.reciprocals.get(slot)
    if (seen !== undefined) return seen
    const one = this.newUniform(1)
    const dst = this.newUniform(0)
    this.scalar.push(Op.DIV, dst, one, slot)
    this.reciprocals.set(slot, dst)
    return dst
  }

  private newUniform(value: number): number {
    this.uniformValues.push(value)
    return this.uniformValues.length - 1
  }
}

/** True for an opcode whose b operand is unused (unary operations, copies and fills). */
function isUnary(opcode: number): boolean {
  return Math.floor(opcode / 3) >= Op.NEG
}

export { SCALAR_WIDTH, VECTOR_WIDTH }
