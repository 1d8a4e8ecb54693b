import { outOfRange } from '../plugin/parameterSpec.js'
import type { Neuron } from '../plugin/neuron.js'
import { isPerNeuron, perNeuronValueProblems, perNeuronValues, type PerNeuronValue } from '../plugin/parameterValue.js'
import type { GateChoice, PopulationSpec } from './networkSpec.js'
import type { SynapseGate } from '../plugin/synapseGate.js'
import { issue, type Issue } from '../util/invalid.js'

// A population's per-neuron values (DESIGN §9) as `createNetwork` makes them: lists checked
// against the population's size, rules drawn, every value checked against its range, and the
// gate zones they move. Each problem is an issue at its path from the spec.

/**
 * The N values of a per-neuron tau_s (a list or a rule), undefined for one value per population
 * (checked by the caller). Each problem is an issue at `populations[q].tauS`.
 */
export function perNeuronTauS(p: PopulationSpec, q: number, issues: Issue[]): Float64Array | undefined {
  const v: unknown = p?.tauS
  if (!isPerNeuron(v)) return undefined
  const at = `populations[${q}].tauS`
  const problems = perNeuronValueProblems(v)
  if (problems.length > 0) {
    issues.push(...problems.map((e) => issue(at, e)))
    return undefined
  }
  const values = expanded(v, p, 'tau_s', at, issues)
  if (values === undefined) return undefined
  const bad = values.findIndex((x) => !(x > 0))
  if (bad >= 0) {
    issues.push(issue(`${at}[${bad}]`, `must be a positive number of ms, got ${values[bad]}`, Array.isArray(v) ? undefined : 'choose a rule whose values stay positive (e.g. log-normal, or uniform on a positive range)'))
    return undefined
  }
  return values
}

/** A per-neuron value made N values long: a list of the wrong length is an issue naming the population, the parameter and the fix. */
function expanded(v: PerNeuronValue, p: PopulationSpec, name: string, at: string, issues: Issue[]): Float64Array | undefined {
  const N = p.size
  if (Array.isArray(v) && v.length !== N) {
    issues.push(
      issue(
        at,
        `population "${p.name}" has ${N} neurons, but its parameter "${name}" lists ${v.length} values`,
        `give exactly ${N} values (one per neuron), one number for all, or a rule such as { "kind": "uniform", "min": …, "max": … }`,
      ),
    )
    return undefined
  }
  return perNeuronValues(v, N, `${p.name}/${name}`)
}

/**
 * The population's parameter table (P × N, parameter-major: p[k·N + j]) when some parameter is
 * per neuron: the per-neuron ones expanded (lists checked, rules drawn), the others repeated.
 * Every value is checked against the parameter's range; undefined when all are shared.
 */
export function perNeuronTable(
  p: PopulationSpec,
  q: number,
  neuron: Neuron,
  params: Float64Array,
  perNeuron: Readonly<Record<string, PerNeuronValue>>,
  issues: Issue[],
): { readonly values: Float64Array; readonly perNeuron: ReadonlySet<string> } | undefined {
  const names = Object.keys(perNeuron)
  if (names.length === 0) return undefined
  const N = p.size
  const specs = neuron.parameters
  const values = new Float64Array(specs.length * N)
  // where the value was written: the neuron's factory (`lifNeuron({ tau_m: [...] })`, JSON `neuron.params`) or the population's `params`
  const fromPopulation = (name: string): boolean => neuron.perNeuron?.[name] === undefined && p.params !== undefined && Object.prototype.hasOwnProperty.call(p.params, name)
  specs.forEach((ps, k) => {
    const v = perNeuron[ps.name]
    if (v === undefined) {
      values.fill(params[k], k * N, (k + 1) * N)
      return
    }
    const at = `populations[${q}].${fromPopulation(ps.name) ? 'params' : 'neuron.params'}.${ps.name}`
    const drawn = expanded(v, p, ps.name, at, issues)
    if (drawn === undefined) return
    const bad = drawn.findIndex((x) => outOfRange(ps, x))
    if (bad >= 0) {
      issues.push(
        issue(`${at}[${bad}]`, `= ${drawn[bad]} is out of range [${ps.min ?? '-inf'}, ${ps.max ?? 'inf'}] ${ps.unit}`, Array.isArray(v) ? undefined : 'choose a rule whose values stay in range (e.g. uniform within it, or log-normal for a positive one)'),
      )
    }
    values.set(drawn, k * N)
  })
  return { values, perNeuron: new Set(names) }
}

/**
 * Where each neuron's gate zone lies relative to the population's gate (placed by neuron 0's
 * parameters): center_j − center_0 from the neuron's `gateZone` on its own values. Undefined when
 * the gate's centre was given, or when every neuron's zone is the same.
 */
export function gateShifts(p: PopulationSpec, P: number, table: Float64Array, at: string, issues: Issue[]): Float64Array | undefined {
  const g = p.gate as unknown
  if (typeof (g as SynapseGate).value === 'function' || (g as GateChoice).center !== undefined) return undefined
  const width = (g as GateChoice).width
  const N = p.size
  const one = new Float64Array(P)
  const shift = new Float64Array(N)
  let c0 = 0
  try {
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < P; k++) one[k] = table[k * N + j]
      const c = p.neuron.gateZone(one, width).center
      if (j === 0) c0 = c
      shift[j] = c - c0
    }
  } catch (e) {
    issues.push(issue(at, e instanceof Error ? e.message : String(e)))
    return undefined
  }
  return shift.some((x) => x !== 0) ? shift : undefined
}
