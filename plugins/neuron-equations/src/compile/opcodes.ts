/** Operations of a compiled kernel (scalar and vector programs share the numbering). */
export const Op = {
  ADD: 0,
  SUB: 1,
  MUL: 2,
  DIV: 3,
  POW: 4,
  NEG: 5,
  EXP: 6,
  LOG: 7,
  SQRT: 8,
  SIN: 9,
  COS: 10,
  TANH: 11,
  SQUARE: 12,
  /** Copy a vector operand into a register. */
  MOV: 13,
  /** Fill a register with a uniform (scalar) operand. */
  FILL: 14,
} as const

/**
 * Where a vector operand lives: a register, a state variable (row `idx` of x), the input current,
 * an adjoint component (row `idx` of λ), or a uniform slot (a scalar broadcast over neurons).
 */
export const Kind = { REG: 0, X: 1, IN: 2, LAM: 3, U: 4 } as const

/** Binary vector instructions come in three variants: both operands vectors, b uniform, a uniform. */
export const Variant = { VV: 0, VS: 1, SV: 2 } as const

/** Words per vector instruction: [opcode, dst, aKind, aIdx, bKind, bIdx], opcode = op·3 + variant. */
export const VECTOR_WIDTH = 6
/** Words per scalar instruction: [op, dst, a, b] over the uniform slots. */
export const SCALAR_WIDTH = 4
