import { bogackiShampine3 } from './bogackiShampine3.js'
import { dormandPrince5 } from './dormandPrince5.js'
import type { Integrator, SolverName } from './integrator.js'
import { odexIntegrator } from './odexAdapter.js'
import { rungeKuttaIntegrator } from './rungeKutta.js'
import { tsitouras5 } from './tsitouras5.js'

/** Each solver by name: a factory of integrators for a dimension n. */
const integrators: Readonly<Record<SolverName, (n: number) => Integrator>> = {
  odex: odexIntegrator,
  dopri5: (n) => rungeKuttaIntegrator(dormandPrince5, n),
  tsit5: (n) => rungeKuttaIntegrator(tsitouras5, n),
  bs3: (n) => rungeKuttaIntegrator(bogackiShampine3, n),
}

/** A fresh integrator of dimension n for the solver named `name` (one of `solverNames`). */
export function createIntegrator(name: SolverName, n: number): Integrator {
  return integrators[name](n)
}
