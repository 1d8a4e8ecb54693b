// Types for the parts of odex 2.0.4 that spikegrad uses. odex ships its TypeScript source
// but no declarations; this file stands in for it so that `strict` does not type-check
// odex's own code. Only core/src/ode/odexAdapter.ts imports odex.
export type Derivative = (x: number, y: number[]) => number[]
export type OutputFunction = (
  nr: number,
  xOld: number,
  x: number,
  y: number[],
  dense?: (component: number, x: number) => number,
) => boolean | void
export declare enum Outcome {
  Converged = 0,
  MaxStepsExceeded = 1,
  EarlyReturn = 2,
}
export declare class Solver {
  constructor(n: number)
  n: number
  maxSteps: number
  initialStepSize: number
  maxStepSize: number
  maxExtrapolationColumns: number
  denseOutput: boolean
  denseComponents: number[] | undefined
  relativeTolerance: number | number[]
  absoluteTolerance: number | number[]
  solve(
    f: Derivative,
    x: number,
    y0: number[],
    xEnd: number,
    solOut?: OutputFunction,
  ): {
    y: number[]
    outcome: Outcome
    nStep: number
    xEnd: number
    nAccept: number
    nReject: number
    nEval: number
  }
}
