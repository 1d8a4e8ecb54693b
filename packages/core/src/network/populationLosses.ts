import type { EventCost, EventFamily, EventOccurrence } from '../ode/problem.js'
import { gateCharge } from '../plugin/gateCharge.js'
import type { Loss } from '../plugin/loss.js'
import type { EventSelection, EventTimes, FinalLossGradient, FinalLossView, LossGradient, LossReads, LossView, PopulationTerms } from '../plugin/populationLoss.js'
import type { Trial } from '../plugin/task.js'
import { formatIssue, issue, type Issue } from '../util/invalid.js'
import type { SynapseGate } from '../plugin/synapseGate.js'
import type { NetworkPopulation } from './network.js'

/** A declared read placed in the state: N entries from y[offset], of population q. */
interface Placed {
  readonly q: number
  readonly offset: number
  readonly size: number
}

/** A declared event selection placed: population q's reset family (by name), which resets. */
interface PlacedEvents {
  readonly q: number
  readonly family: string
  readonly size: number
  readonly which: EventSelection
}

/** A declared charges read placed: population q's voltages (N entries from y[offset]), its gate and, if it resets, its reset family. */
interface PlacedCharges {
  readonly q: number
  readonly offset: number
  readonly size: number
  readonly gate: SynapseGate
  /** Neuron j's gate is g(v − shift[j]) when the population's zones differ (per-neuron thresholds). */
  readonly shift: Float64Array | undefined
  readonly family: string | undefined
}

/** A loss's reads placed in the network's state. */
export interface PlacedReads {
  readonly traces: readonly Placed[]
  readonly variables: readonly Placed[]
  readonly events: readonly PlacedEvents[]
  readonly charges: readonly PlacedCharges[]
}

/** The reset family of population `name` among a network problem's events (`networkEvents` names it so). */
export const resetFamilyName = (population: string): string => `reset:${population}`

/**
 * Places what a loss reads (`LossReads`) in the network's state: each named population, each
 * variable by the neuron's `stateNames`, each event selection on a population whose neuron
 * resets. Problems are issues at `at.reads.…`, each naming what exists.
 */
export function placeReads(pops: readonly NetworkPopulation[], reads: LossReads, at: string, issues: Issue[]): PlacedReads {
  const names = pops.map((p) => p.name)
  const find = (name: unknown, where: string): number => {
    const q = names.indexOf(name as string)
    if (q < 0) issues.push(issue(where, `${JSON.stringify(name)} is not a population`, `name one of: ${names.join(', ')} (a loss plugin takes it from its options, e.g. { "population": "${names[names.length - 1]}" })`))
    return q
  }
  const traces: Placed[] = []
  ;(reads.traces ?? []).forEach((name, k) => {
    const q = find(name, `${at}.reads.traces[${k}]`)
    if (q >= 0) traces.push({ q, offset: pops[q].traceOffset, size: pops[q].size })
  })
  const variables: Placed[] = []
  ;(reads.variables ?? []).forEach((v, k) => {
    const q = find(v?.population, `${at}.reads.variables[${k}].population`)
    if (q < 0) return
    const pop = pops[q]
    const a = pop.neuron.stateNames.indexOf(v.variable)
    if (a < 0) {
      issues.push(issue(`${at}.reads.variables[${k}].variable`, `${JSON.stringify(v.variable)} is not a variable of neuron "${pop.neuron.kind}" (population "${pop.name}")`, `name one of: ${pop.neuron.stateNames.join(', ')}`))
      return
    }
    variables.push({ q, offset: pop.stateOffset + a * pop.size, size: pop.size })
  })
  const events: PlacedEvents[] = []
  ;(reads.events ?? []).forEach((e, k) => {
    const q = find(e?.population, `${at}.reads.events[${k}].population`)
    if (q < 0) return
    const pop = pops[q]
    if (e.which !== 'every' && e.which !== 'first') {
      issues.push(issue(`${at}.reads.events[${k}].which`, `must be "every" or "first", got ${JSON.stringify(e.which)}`))
      return
    }
    if (pop.neuron.reset === undefined) {
      issues.push(issue(`${at}.reads.events[${k}].population`, `neuron "${pop.neuron.kind}" of population "${pop.name}" has no reset event, so it has no reset times to read`, 'read a population of a neuron with a reset (e.g. lif), or read its voltage instead'))
      return
    }
    events.push({ q, family: resetFamilyName(pop.name), size: pop.size, which: e.which })
  })
  const charges: PlacedCharges[] = []
  ;(reads.charges ?? []).forEach((name, k) => {
    const q = find(name, `${at}.reads.charges[${k}]`)
    if (q < 0) return
    const pop = pops[q]
    const problem = resetChargeProblem(pop)
    if (problem !== undefined) {
      issues.push(issue(`${at}.reads.charges[${k}]`, `population "${pop.name}": ${problem}, so a reset does not count one spike`, "place the gate's zone between the reset value and the threshold (e.g. a narrower gate), or read the reset times instead"))
      return
    }
    charges.push({ q, offset: pop.stateOffset + pop.neuron.voltageIndex * pop.size, size: pop.size, gate: pop.gate, shift: pop.gateShift, family: pop.neuron.reset === undefined ? undefined : resetFamilyName(pop.name) })
  })
  return { traces, variables, events, charges }
}

/**
 * Why a reset of population `pop` would not count one unit of charge (undefined when it does, or
 * when the neuron has no reset): the charges read assume that the neuron fires only after its
 * voltage has crossed the gate's whole zone, and that its reset lands below the zone. Checked at
 * the neuron's initial state and parameters (a trained threshold or reset value may move later).
 */
function resetChargeProblem(pop: NetworkPopulation): string | undefined {
  const reset = pop.neuron.reset
  if (reset === undefined || pop.gate.period !== undefined) return undefined
  const x = new Float64Array(pop.neuron.stateNames.length)
  pop.neuron.initialState(pop.params, 1, x)
  const v = pop.neuron.voltageIndex
  const top = pop.gate.center + pop.gate.width / 2
  x[v] = top - 1e-9 * (1 + Math.abs(top))
  if (reset.condition(pop.params, 1, 0, x) >= 0) return `its neuron fires before its voltage has crossed the gate's zone (up to ${top})`
  x[v] = top
  reset.jump(pop.params, 1, 0, x)
  if (gateCharge(pop.gate, x[v]) > 0) return `its reset puts the voltage at ${x[v]}, inside the gate's zone [${top - pop.gate.width}, ${top}]`
  return undefined
}

/** Every issue of the losses' reads (`placeReads`), at `losses[i] (kind)`. */
export function lossReadIssues(pops: readonly NetworkPopulation[], losses: readonly Loss[]): Issue[] {
  const issues: Issue[] = []
  losses.forEach((loss, i) => {
    const terms = loss?.populations
    if (terms === undefined) return
    const at = `losses[${i}] (${loss.kind})`
    if (typeof terms.reads !== 'object' || terms.reads === null) {
      issues.push(issue(`${at}.populations.reads`, 'must say what the loss reads: { traces, variables, events }'))
      return
    }
    if (terms.running === undefined && terms.final === undefined) issues.push(issue(`${at}.populations`, 'has neither a running nor a final term'))
    if ((terms.reads.events ?? []).length > 0 && terms.final === undefined) {
      issues.push(issue(`${at}.populations.final`, 'the loss reads event times, which only a final term sees', 'give it a final term, or read no events'))
    }
    if ((terms.reads.charges ?? []).length > 0 && terms.final === undefined) {
      issues.push(issue(`${at}.populations.final`, 'the loss reads charges (spike counts over the trial), which only a final term sees', 'give it a final term, or read no charges'))
    }
    placeReads(pops, terms.reads, at, issues)
  })
  return issues
}

/**
 * A loss whose running term reads neuron variables (a voltage over the trial): the one kind of
 * population term the structured solve cannot carry, since its cost sees only what is continuous
 * in time (the traces), and a voltage jumps at every reset. Final terms (spike times, values at T,
 * charges) and running terms on traces it carries.
 */
export const runningOnVariables = (losses: readonly Loss[]): Loss | undefined =>
  losses.find((l) => l.populations?.running !== undefined && (l.populations.reads.variables?.length ?? 0) > 0)

/** Where a trial's cost is not smooth in t: its breakpoints, and with running population terms the target spikes (a van Rossum term's kernel starts there). */
export function readingBreakpoints(trial: Trial, running: boolean): readonly number[] {
  if (!running || trial.targetSpikes === undefined) return trial.breakpoints ?? []
  const times = [...(trial.breakpoints ?? [])]
  for (const train of trial.targetSpikes) {
    for (let k = 0; k < train.length; k++) if (train[k] > 0 && train[k] < trial.duration) times.push(train[k])
  }
  return [...new Set(times.sort((a, b) => a - b))]
}

/** One loss's buffers: its view and gradient arrays, refilled at each call. */
class TermBuffers {
  readonly traces: Float64Array[]
  readonly variables: Float64Array[]
  readonly gradTraces: Float64Array[]
  readonly gradVariables: Float64Array[]
  readonly view: { t: number; weight: number; traces: Float64Array[]; variables: Float64Array[]; target: Float64Array; trial: Trial; events: EventTimes[]; charges: Float64Array[] }
  readonly grad: { traces: Float64Array[]; variables: Float64Array[]; events: Float64Array[]; charges: Float64Array[] }

  constructor(
    readonly placed: PlacedReads,
    trial: Trial,
    targetSize: number,
  ) {
    this.traces = placed.traces.map((p) => new Float64Array(p.size))
    this.variables = placed.variables.map((p) => new Float64Array(p.size))
    this.gradTraces = placed.traces.map((p) => new Float64Array(p.size))
    this.gradVariables = placed.variables.map((p) => new Float64Array(p.size))
    // t and weight start as doubles (NaN), so that storing a time never boxes it
    const charges = placed.charges.map((p) => new Float64Array(p.size))
    this.view = { t: Number.NaN, weight: Number.NaN, traces: this.traces, variables: this.variables, target: new Float64Array(targetSize), trial, events: [], charges }
    this.grad = { traces: this.gradTraces, variables: this.gradVariables, events: [], charges: placed.charges.map((p) => new Float64Array(p.size)) }
  }

  /** The view at (t, y): what the loss reads, copied out of y, with the target and weight at t. */
  fill(t: number, y: Float64Array): void {
    const { placed, view } = this
    view.t = t
    view.weight = view.trial.target(t, view.target)
    for (let k = 0; k < placed.traces.length; k++) copyOut(y, placed.traces[k], this.traces[k])
    for (let k = 0; k < placed.variables.length; k++) copyOut(y, placed.variables[k], this.variables[k])
  }

  /** Zeroes the gradient arrays. */
  clear(): void {
    for (let k = 0; k < this.gradTraces.length; k++) this.gradTraces[k].fill(0)
    for (let k = 0; k < this.gradVariables.length; k++) this.gradVariables[k].fill(0)
  }

  /** out[placed components] += the gradient arrays. */
  scatter(out: Float64Array): void {
    const { placed } = this
    for (let k = 0; k < placed.traces.length; k++) addInto(out, placed.traces[k], this.gradTraces[k])
    for (let k = 0; k < placed.variables.length; k++) addInto(out, placed.variables[k], this.gradVariables[k])
  }
}

function copyOut(y: Float64Array, p: Placed, into: Float64Array): void {
  for (let j = 0; j < p.size; j++) into[j] = y[p.offset + j]
}
function addInto(out: Float64Array, p: Placed, g: Float64Array): void {
  for (let j = 0; j < p.size; j++) out[p.offset + j] += g[j]
}

/**
 * The running part of the population terms: the losses' running terms, and the views they read
 * (the network sums l itself, so that no number returns through a call that may not be inlined
 * and so be boxed — the running cost is evaluated at every step).
 */
export interface PopulationRunning {
  /** The running terms, one per loss that has one. */
  readonly terms: readonly NonNullable<PopulationTerms['running']>[]
  /** The view of term k at (t, y) (filled in place and returned). */
  view(k: number, t: number, y: Float64Array): LossView
  /** out += ∂l/∂y of every term (the traces and variables the losses read). */
  addGradState(t: number, y: Float64Array, out: Float64Array): void
}

/**
 * The terms of `losses` on what they read of the populations, for a network problem on `trial`:
 * the running terms (`PopulationRunning`, allocation-free) and the final terms as the generic
 * solver's `EventCost` (event times taken from the reset families among `families`; the charges
 * Q_j = (resets of j) + G(v_j(T)) − G(v_j(0)) from them, the state at T and `y0`, with
 * ∂Q_j/∂v_j(T) = g(v_j(T)) — see `FinalLossView.charges`).
 * @throws RangeError when a loss reads something the network does not have (`lossReadIssues`).
 */
export function populationLosses(
  pops: readonly NetworkPopulation[],
  losses: readonly Loss[],
  trial: Trial,
  targetSize: number,
  /** The names of the problem's event families, in its order (an event's `family` indexes them). */
  families: readonly Pick<EventFamily, 'name'>[],
  y0?: Float64Array,
): { readonly running?: PopulationRunning; readonly eventCost?: EventCost } {
  const withTerms = losses.filter((l) => l.populations !== undefined)
  if (withTerms.length === 0) return {}
  const issues: Issue[] = []
  const placed = withTerms.map((l, i) => new TermBuffers(placeReads(pops, l.populations!.reads, `losses[${i}] (${l.kind})`, issues), trial, Math.max(targetSize, 1)))
  if (issues.length > 0) throw new RangeError(issues.map(formatIssue).join('; '))
  const terms: PopulationTerms[] = withTerms.map((l) => l.populations!)
  const runningIdx = Int32Array.from(terms.flatMap((term, i) => (term.running !== undefined ? [i] : [])))
  const finalIdx = terms.flatMap((term, i) => (term.final !== undefined ? [i] : []))
  const running: PopulationRunning | undefined =
    runningIdx.length === 0
      ? undefined
      : {
          terms: Array.from(runningIdx, (i) => terms[i].running!),
          view(k, t, y) {
            const b = placed[runningIdx[k]]
            b.fill(t, y)
            return b.view as LossView
          },
          addGradState(t, y, out) {
            for (let k = 0; k < runningIdx.length; k++) {
              const i = runningIdx[k]
              const b = placed[i]
              b.fill(t, y)
              b.clear()
              terms[i].running!.gradient(b.view as LossView, b.grad as LossGradient)
              b.scatter(out)
            }
          },
        }
  if (finalIdx.length === 0) return running === undefined ? {} : { running }
  const familyIndex = new Map(families.map((f, i) => [f.name, i]))
  /** For each final loss and each of its event selections: the times, and the occurrence index of each entry (−1: none). */
  const gather = (events: readonly EventOccurrence[], b: TermBuffers, y1: Float64Array): Int32Array[] => {
    const sources: Int32Array[] = []
    b.view.events = b.placed.events.map((sel) => {
      const f = familyIndex.get(sel.family)
      if (sel.which === 'first') {
        const times = new Float64Array(sel.size).fill(Number.NaN)
        const from = new Int32Array(sel.size).fill(-1)
        events.forEach((e, k) => {
          if (e.family === f && from[e.index] < 0) {
            times[e.index] = e.t
            from[e.index] = k
          }
        })
        sources.push(from)
        return { times, neurons: Int32Array.from({ length: sel.size }, (_, j) => j) }
      }
      const picked: number[] = []
      events.forEach((e, k) => {
        if (e.family === f) picked.push(k)
      })
      sources.push(Int32Array.from(picked))
      return { times: Float64Array.from(picked, (k) => events[k].t), neurons: Int32Array.from(picked, (k) => events[k].index) }
    })
    b.grad.events = b.view.events.map((e) => new Float64Array(e.times.length))
    b.placed.charges.forEach((c, k) => chargesOf(c, events, y1, b.view.charges[k]))
    return sources
  }
  /** Q_j = (resets of j) + G(v_j(T)) − G(v_j(0)) of one charges read into `out`. */
  const chargesOf = (c: PlacedCharges, events: readonly EventOccurrence[], y1: Float64Array, out: Float64Array): void => {
    for (let j = 0; j < c.size; j++) {
      const shift = c.shift === undefined ? 0 : c.shift[j]
      out[j] = gateCharge(c.gate, y1[c.offset + j] - shift) - (y0 === undefined ? 0 : gateCharge(c.gate, y0[c.offset + j] - shift))
    }
    const f = c.family === undefined ? -1 : familyIndex.get(c.family)
    for (const e of events) if (e.family === f) out[e.index] += 1
  }
  const eventCost: EventCost = {
    value(events, t1, y1) {
      let psi = 0
      for (const i of finalIdx) {
        const b = placed[i]
        gather(events, b, y1)
        b.fill(t1, y1)
        psi += terms[i].final!.value(b.view as FinalLossView)
      }
      return psi
    },
    gradient(events, t1, y1, _theta, gradTimes, gradState) {
      for (const i of finalIdx) {
        const b = placed[i]
        const sources = gather(events, b, y1)
        b.fill(t1, y1)
        b.clear()
        for (const g of b.grad.charges) g.fill(0)
        terms[i].final!.gradient(b.view as FinalLossView, b.grad as FinalLossGradient)
        b.scatter(gradState)
        b.placed.charges.forEach((c, k) => {
          const g = b.grad.charges[k]
          for (let j = 0; j < c.size; j++) gradState[c.offset + j] += g[j] * c.gate.value(y1[c.offset + j] - (c.shift === undefined ? 0 : c.shift[j]))
        })
        sources.forEach((from, s) => {
          const g = b.grad.events[s]
          for (let k = 0; k < from.length; k++) if (from[k] >= 0 && Number.isFinite(g[k])) gradTimes[from[k]] += g[k]
        })
      }
    },
  }
  return running === undefined ? { eventCost } : { running, eventCost }
}
