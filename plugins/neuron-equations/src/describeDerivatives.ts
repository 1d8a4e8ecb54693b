import { chain, map, type Either } from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { validateDefinition } from './definition.js'
import type { EquationIssue } from './language/equationIssue.js'
import { differentiate } from './symbolic/differentiate.js'
import { isConst } from './symbolic/expr.js'
import { printExpr } from './symbolic/print.js'
import { symbolicNeuron } from './symbolicNeuron.js'

/**
 * The derivatives an equation neuron derives, as text, one non-zero partial derivative a line:
 * `∂f_v/∂v = -1/tau_m`, `∂f_v/∂I = 1/tau_m`, `∂c/∂v_th = -1`, `∂v⁺/∂v_reset = 1`, …
 * (what a hand-written plugin would have to write and check).
 */
export function describeDerivatives(definition: unknown): Either<readonly EquationIssue[], string[]> {
  return pipe(
    validateDefinition(definition),
    chain(symbolicNeuron),
    map((m) => {
      const g = m.graph
      const names = { states: m.stateNames, params: m.parameters.map((s) => s.name) }
      const leaves = [...m.stateNames.map((s, a) => [s, g.state(a)] as const), ['I', g.input()] as const, ...m.parameters.map((s, k) => [s.name, g.param(k)] as const)]
      const lines: string[] = []
      const show = (what: string, e: Parameters<typeof differentiate>[1], allowed: readonly (readonly [string, ReturnType<typeof g.input>])[]): void => {
        for (const [name, leaf] of allowed) {
          const d = differentiate(g, e, leaf)
          if (!isConst(d, 0)) lines.push(`∂${what}/∂${name} = ${printExpr(d, names)}`)
        }
      }
      m.stateNames.forEach((s, a) => show(`f_${s}`, m.rhs[a]!, leaves))
      if (m.reset !== undefined) {
        const noI = leaves.filter(([name]) => name !== 'I')
        show('c', m.reset.condition, noI)
        for (const b of m.reset.assigned) show(`${m.stateNames[b]}⁺`, m.reset.jump[b]!, noI)
      }
      return lines
    }),
  )
}
