/**
 * Why a solve failed, as a value. Every variant says where and carries a message that says
 * how to fix it; `SolveFailure` turns one into an exception for scripts (`getOrThrow`).
 */
export type SolveError =
  | { readonly _tag: 'MaxStepsExceeded'; readonly t: number; readonly maxSteps: number; readonly message: string }
  | { readonly _tag: 'StepSizeUnderflow'; readonly t: number; readonly step: number; readonly message: string }
  | {
      readonly _tag: 'NonFiniteState'
      readonly t: number
      readonly component: number
      readonly where: string
      readonly message: string
    }
  | { readonly _tag: 'InvalidProblem'; readonly field: string; readonly message: string }
  | {
      readonly _tag: 'EventNotBracketed'
      readonly t: number
      readonly event: string
      readonly index: number
      readonly message: string
    }
  | { readonly _tag: 'ProblemThrew'; readonly where: string; readonly t: number; readonly message: string }
  | { readonly _tag: 'TrajectoryBudgetExceeded'; readonly t: number; readonly bytes: number; readonly budgetBytes: number; readonly message: string }

/** Optional naming of state components in messages (e.g. 'v[12]' for a network). */
export type ComponentNamer = (component: number) => string

const fmt = (t: number): string => (Number.isFinite(t) ? Number(t.toPrecision(10)).toString() : String(t))

export const maxStepsExceeded = (t: number, maxSteps: number): SolveError => ({
  _tag: 'MaxStepsExceeded',
  t,
  maxSteps,
  message:
    `the maximum number of solver steps (${maxSteps}) was reached at t = ${fmt(t)}. ` +
    'Increase `maxSteps`, loosen the tolerances, or check the model for very fast dynamics.',
})

export const stepSizeUnderflow = (t: number, step: number): SolveError => ({
  _tag: 'StepSizeUnderflow',
  t,
  step,
  message:
    `the step size fell to ${step.toExponential(2)} at t = ${fmt(t)}, below what the time resolution allows. ` +
    'The solution is probably blowing up or the right-hand side is discontinuous there: ' +
    'declare the discontinuity as a breakpoint or event, or loosen the tolerances.',
})

export const nonFiniteState = (t: number, component: number, where: string, name?: string): SolveError => ({
  _tag: 'NonFiniteState',
  t,
  component,
  where,
  message:
    `${where} became non-finite at t = ${fmt(t)} in component ${name ?? component}. ` +
    'Check the parameters (weights too large?) and the initial state; a stiff blow-up needs smaller steps (`maxStep`).',
})

export const invalidProblem = (field: string, problem: string): SolveError => ({
  _tag: 'InvalidProblem',
  field,
  message: `invalid problem: ${field} ${problem}`,
})

export const eventNotBracketed = (t: number, event: string, index: number): SolveError => ({
  _tag: 'EventNotBracketed',
  t,
  event,
  index,
  message:
    `event ${event}[${index}] could not be located near t = ${fmt(t)}: its condition changed sign but the root ` +
    'was not bracketed on the dense output. Check that the condition is continuous in the state.',
})

export const problemThrew = (where: string, t: number, error: unknown): SolveError => ({
  _tag: 'ProblemThrew',
  where,
  t,
  message: `the problem's ${where} threw at t = ${fmt(t)}: ${error instanceof Error ? error.message : String(error)}`,
})

export const trajectoryBudgetExceeded = (where: string, t: number, bytes: number, budgetBytes: number): SolveError => ({
  _tag: 'TrajectoryBudgetExceeded',
  t,
  bytes,
  budgetBytes,
  message:
    `the structured solve's recording reached ${(bytes / 2 ** 20).toPrecision(3)} MiB at ${where} (t = ${fmt(t)}), beyond trajectoryBudgetMb ` +
    `(${(budgetBytes / 2 ** 20).toPrecision(3)} MiB): raise trajectoryBudgetMb, or keep every step (adjoint 'all').`,
})

/** The exception thrown by `getOrThrow` for scripts that prefer exceptions. */
export class SolveFailure extends Error {
  constructor(readonly error: SolveError) {
    super(error.message)
    this.name = 'SolveFailure'
  }
}
