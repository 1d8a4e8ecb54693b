import { right, type Either } from 'fp-ts/lib/Either.js'
import { resolveParameters } from '../plugin/parameterSpec.js'
import { centreOf, isPerNeuron, type ParameterValue, type PerNeuronValue } from '../plugin/parameterValue.js'
import { gateShifts, perNeuronTable, perNeuronTauS } from './perNeuronValues.js'
import type { SynapseGate } from '../plugin/synapseGate.js'
import { issue, leftInvalid, type Invalid, type Issue } from '../util/invalid.js'
import { connectivityPattern, type Pattern } from './connectivityPattern.js'
import { lossReadIssues, runningOnVariables } from './populationLosses.js'
import { checkInitRule, defaultBiasInit, defaultDelayInit, defaultMaxDelay, defaultWeightInit } from './initRule.js'
import { componentOrder } from './blocks/componentOrder.js'
import type {
  Network,
  NetworkBlock,
  NetworkInput,
  NetworkPopulation,
  NetworkProjection,
  NetworkReadout,
  ProjectionSource,
} from './network.js'
import type { DelaySpec, GateChoice, InputSpec, NetworkSpec, PopulationSpec, Signs } from './networkSpec.js'

/** Most neurons in one population, channels in one input group. */
export const maxGroupSize = 1_000_000
/** Most entries of the state y and of θ. */
export const maxStateSize = 2 ** 24
export const maxParameters = 2 ** 27

/** Names of population and input groups: a letter or _, then letters, digits, _, . or -. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
/** Neuron parameters may not take the names of the network's own blocks. */
const RESERVED_PARAMETER_NAMES = new Set(['bias', 'tau_s', 'readout'])

/**
 * Validates a network graph and lays it out (see `Network`). Every problem is reported with
 * its path from the spec (`populations[1].tauS: must be a positive number of ms, got 0`);
 * nothing throws.
 */
export function createNetwork(spec: NetworkSpec): Either<Invalid, Network> {
  const issues: Issue[] = []
  if (!Array.isArray(spec.populations as unknown) || spec.populations.length === 0) return leftInvalid([issue('populations', 'give at least one population')])
  if (!Array.isArray((spec.inputs ?? []) as unknown)) return leftInvalid([issue('inputs', 'must be a list of input groups')])
  const inputsSpec: readonly InputSpec[] = spec.inputs ?? []
  const popSpecs: readonly PopulationSpec[] = spec.populations
  const names = new Map<string, string>()
  const claim = (name: unknown, at: string): void => {
    if (typeof name !== 'string' || !NAME.test(name)) {
      issues.push(issue(at, `must be a name of letters, digits, _, . or - starting with a letter or _, got ${JSON.stringify(name)}`))
    } else if (names.has(name)) issues.push(issue(at, `"${name}" is already the name of ${names.get(name)}`, 'give every population and input group its own name'))
    else names.set(name, at.replace(/\.name$/, ''))
  }

  // inputs: analog channels, then spike channels, numbered in group order
  let analogChannels = 0
  let spikeChannels = 0
  const inputKinds: ('analog' | 'spikes')[] = []
  const inputSizes: number[] = []
  inputsSpec.forEach((g, c) => {
    const at = `inputs[${c}]`
    claim(g?.name, `${at}.name`)
    const kind: unknown = g?.kind
    if (kind !== 'analog' && kind !== 'spikes') issues.push(issue(`${at}.kind`, `must be "analog" or "spikes", got ${JSON.stringify(kind)}`))
    checkSize(g?.size, `${at}.size`, issues)
    if (g?.kind === 'spikes' && !positive(g.tauS)) issues.push(issue(`${at}.tauS`, `must be a positive number of ms (the time constant of the input traces), got ${JSON.stringify(g.tauS)}`))
    if (g?.sign !== undefined) checkSigns(g.sign, g.size, `${at}.sign`, issues)
    inputKinds.push(g?.kind)
    inputSizes.push(Number.isSafeInteger(g?.size) ? g.size : 0)
  })

  // populations: sizes and neuron models
  let neurons = 0
  let xSize = 0
  popSpecs.forEach((p, q) => {
    const at = `populations[${q}]`
    claim(p?.name, `${at}.name`)
    checkSize(p?.size, `${at}.size`, issues)
    if (!isNeuron(p?.neuron)) {
      issues.push(issue(`${at}.neuron`, 'must be a Neuron (the object a neuron factory returns, e.g. lifNeuron())'))
      return
    }
    for (const ps of p.neuron.parameters) {
      if (RESERVED_PARAMETER_NAMES.has(ps.name)) issues.push(issue(`${at}.neuron`, `the neuron "${p.neuron.kind}" has a parameter named "${ps.name}", which names a network block`))
    }
    if (Number.isSafeInteger(p.size)) {
      neurons += p.size
      xSize += p.neuron.stateNames.length * p.size
    }
  })
  const stateSize = xSize + neurons + inputsSpec.reduce((a, g, c) => a + (inputKinds[c] === 'spikes' ? inputSizes[c] : 0), 0)
  if (stateSize > maxStateSize) issues.push(issue('populations', `the state has ${stateSize} entries, more than the ${maxStateSize} allowed`))
  if (issues.length > 0) return leftInvalid(issues)

  const inputs: NetworkInput[] = []
  let rOffset = xSize + neurons
  inputsSpec.forEach((g) => {
    const analog = g.kind === 'analog'
    inputs.push({
      name: g.name,
      kind: g.kind,
      size: g.size,
      channelOffset: analog ? analogChannels : spikeChannels,
      traceOffset: analog ? -1 : rOffset,
      tauS: g.kind === 'spikes' ? g.tauS : Number.NaN,
      ...(g.sign !== undefined && { signs: signsOf(g.sign, g.size) }),
    })
    if (analog) analogChannels += g.size
    else {
      spikeChannels += g.size
      rOffset += g.size
    }
  })

  // θ: projections, biases, readout, then trained tau_s and neuron parameters
  const blocks: NetworkBlock[] = []
  let size = 0
  const addBlock = (name: string, kind: NetworkBlock['kind'], length: number, trainable: boolean, perNeuron = false): number => {
    blocks.push({ name, kind, offset: size, length, trainable, ...(perNeuron && { perNeuron }) })
    size += length
    return size - length
  }
  const popIndex = new Map(popSpecs.map((p, q) => [p.name, q]))
  const inputIndex = new Map(inputsSpec.map((g, c) => [g.name, c]))

  const projections: NetworkProjection[] = []
  const delayed: { readonly projection: number; readonly spec: DelaySpec; readonly at: string; readonly length: number }[] = []
  const seen = new Set<string>()
  ;(spec.projections ?? []).forEach((pr, i) => {
    const at = `projections[${i}]`
    const target = popIndex.get(pr?.to)
    if (target === undefined) {
      issues.push(issue(`${at}.to`, `${JSON.stringify(pr?.to)} is not a population`, `name one of: ${popSpecs.map((p) => p.name).join(', ')}`))
      return
    }
    const source = sourceOf(pr.from, popIndex, inputIndex, inputsSpec)
    if (source === undefined) {
      issues.push(issue(`${at}.from`, `${JSON.stringify(pr.from)} is not a population or input group`, `name one of: ${[...names.keys()].join(', ')}`))
      return
    }
    const name = `${pr.to}<-${pr.from}`
    if (seen.has(name)) {
      issues.push(issue(at, `a second projection from "${pr.from}" to "${pr.to}"`, 'merge the two into one'))
      return
    }
    seen.add(name)
    const rows = popSpecs[target].size
    const cols = source.kind === 'population' ? popSpecs[source.index].size : inputsSpec[source.index].size
    const pattern = connectivityPattern(pr.connectivity, rows, cols)
    if (Array.isArray(pattern)) {
      issues.push(...pattern.map((p) => ({ ...p, at: p.at === '' ? `${at}.connectivity` : `${at}.connectivity.${p.at}` })))
      return
    }
    const recurrent = source.kind === 'population' && source.index === target
    const init = pr.init ?? defaultWeightInit
    issues.push(...checkInitRule(init, `${at}.init`, recurrent))
    const sourceSign = source.kind === 'population' ? popSpecs[source.index].sign : inputsSpec[source.index].sign
    if (pr.dale === true && sourceSign === undefined) {
      issues.push(issue(`${at}.dale`, `the source "${pr.from}" declares no sign`, `give "${pr.from}" a sign ("excitatory", "inhibitory" or one ±1 per neuron)`))
    }
    if (pr.trained !== undefined && typeof pr.trained !== 'boolean') issues.push(issue(`${at}.trained`, `must be true or false, got ${JSON.stringify(pr.trained)}`))
    if (pr.dale !== undefined && typeof pr.dale !== 'boolean') issues.push(issue(`${at}.dale`, `must be true or false, got ${JSON.stringify(pr.dale)}`))
    const trainable = pr.trained !== false
    if (pr.delay !== undefined) {
      const bad = checkDelay(pr.delay, `${at}.delay`, source.kind === 'analog' ? pr.from : undefined)
      if (bad.length > 0) issues.push(...bad)
      else delayed.push({ projection: projections.length, spec: pr.delay, at: `${at}.delay`, length: pr.delay.kind === 'synaptic' ? pattern.entries : pr.delay.kind === 'axonal' ? cols : rows })
    }
    const offset = addBlock(name, 'projection', pattern.entries, trainable)
    projections.push({
      name,
      source,
      sourceName: pr.from,
      target,
      pattern,
      offset,
      trainable,
      dale: pr.dale === true,
      ...(sourceSign !== undefined && { sourceSigns: signsOf(sourceSign, cols) }),
      init,
      recurrent,
    })
  })

  const biasOffsets = popSpecs.map((p, q) => {
    const mode = p.bias ?? 'trained'
    if (mode !== 'trained' && mode !== 'frozen' && mode !== 'none') {
      issues.push(issue(`populations[${q}].bias`, `must be "trained", "frozen" or "none", got ${JSON.stringify(mode)}`))
      return -1
    }
    if (p.biasInit !== undefined) issues.push(...checkInitRule(p.biasInit, `populations[${q}].biasInit`, false))
    return mode === 'none' ? -1 : addBlock(`bias:${p.name}`, 'bias', p.size, mode === 'trained')
  })

  const readout = readoutOf(spec, popIndex, popSpecs, issues, addBlock)

  // tau_s: one value per population, or one per neuron (a list or a rule)
  const tauSValues = popSpecs.map((p, q) => perNeuronTauS(p, q, issues))
  const tauSOffsets = popSpecs.map((p, q) => {
    const train = p.train?.tauS
    if (train !== undefined && typeof train !== 'boolean') issues.push(issue(`populations[${q}].train.tauS`, `must be true or false, got ${JSON.stringify(train)}`))
    return train === true ? addBlock(`tau_s:${p.name}`, 'tauS', tauSValues[q] === undefined ? 1 : p.size, true, tauSValues[q] !== undefined) : -1
  })

  const populations: NetworkPopulation[] = []
  let stateOffset = 0
  let neuronOffset = 0
  popSpecs.forEach((p, q) => {
    const at = `populations[${q}]`
    const neuron = p.neuron
    // parameters not given take the neuron's own values (those it was made with), not the specs' defaults;
    // per-neuron ones (lists, rules) may come from the neuron's factory or from the population
    const own: Record<string, ParameterValue> = Object.fromEntries(neuron.parameters.map((ps, k) => [ps.name, neuron.perNeuron?.[ps.name] ?? neuron.defaults[k] ?? ps.value]))
    const resolved = resolveParameters(`neuron "${neuron.kind}"`, neuron.parameters, { ...own, ...p.params }, { perNeuron: neuron.perNeuronParameters === true })
    if ('errors' in resolved) issues.push(...resolved.errors.map((e) => issue(`${at}.params`, e)))
    const params = 'values' in resolved ? resolved.values : Float64Array.from(neuron.defaults)
    const table = 'values' in resolved ? perNeuronTable(p, q, neuron, params, resolved.perNeuron, issues) : undefined
    const given: unknown = p.train?.params ?? []
    const trained: readonly string[] = Array.isArray(given) ? (given as string[]) : []
    if (!Array.isArray(given)) issues.push(issue(`${at}.train.params`, 'must be a list of neuron parameter names'))
    else {
      for (const name of trained) {
        const ps = neuron.parameters.find((x) => x.name === name)
        if (ps === undefined) {
          issues.push(issue(`${at}.train.params`, `"${name}" is not a parameter of neuron "${neuron.kind}"`, `name one of: ${neuron.parameters.map((x) => x.name).join(', ') || '(it has none)'}`))
        } else if (ps.trainable !== true || neuron.paramVjp === undefined) {
          issues.push(issue(`${at}.train.params`, `"${name}" of neuron "${neuron.kind}" is not trainable`))
        }
      }
    }
    const perNeuronParams = neuron.parameters.map((ps) => table?.perNeuron.has(ps.name) === true)
    const paramOffsets = neuron.parameters.map((ps, k) =>
      trained.includes(ps.name) ? addBlock(`${ps.name}:${p.name}`, 'neuronParameter', perNeuronParams[k] ? p.size : 1, true, perNeuronParams[k]) : -1,
    )
    const tauS = tauSValues[q]
    // (a per-neuron tau_s with problems has had them reported by `perNeuronTauS`)
    if (tauS === undefined && !isPerNeuron(p.tauS) && !positive(p.tauS)) issues.push(issue(`${at}.tauS`, `must be a positive number of ms, or one per neuron (a list or a rule), got ${JSON.stringify(p.tauS)}`))
    const zoneParams = table === undefined ? params : Float64Array.from(neuron.parameters, (_, k) => table.values[k * p.size])
    const gate = gateOf(p, zoneParams, `${at}.gate`, issues)
    const gateShift = gate !== undefined && table !== undefined ? gateShifts(p, neuron.parameters.length, table.values, `${at}.gate`, issues) : undefined
    if (p.sign !== undefined) checkSigns(p.sign, p.size, `${at}.sign`, issues)
    populations.push({
      name: p.name,
      size: p.size,
      neuron,
      params,
      ...(table !== undefined && { paramTable: table.values }),
      perNeuronParams,
      gate: gate as SynapseGate,
      ...(gateShift !== undefined && { gateShift }),
      tauS: tauS === undefined ? (p.tauS as number) : centreOf(p.tauS as PerNeuronValue),
      ...(tauS !== undefined && { tauSValues: tauS }),
      stateOffset,
      traceOffset: xSize + neuronOffset,
      neuronOffset,
      biasOffset: biasOffsets[q],
      biasTrainable: (p.bias ?? 'trained') === 'trained',
      biasInit: p.biasInit ?? defaultBiasInit,
      tauSOffset: tauSOffsets[q],
      paramOffsets,
      ...(p.sign !== undefined && { signs: signsOf(p.sign, p.size) }),
    })
    stateOffset += neuron.stateNames.length * p.size
    neuronOffset += p.size
  })

  // delays last in θ, so that a network without them keeps its layout
  for (const { projection, spec: d, length } of delayed) {
    const pr = projections[projection]
    const trainable = d.trained !== false
    const offset = addBlock(`delay:${pr.name}`, 'delay', length, trainable)
    projections[projection] = { ...pr, delay: { kind: d.kind, offset, length, trainable, init: d.init ?? defaultDelayInit, max: d.max ?? defaultMaxDelay } }
  }
  if (delayed.length > 0) {
    // a delay may sit on any projection between populations that lie on no cycle (the structured
    // solve's per-neuron blocks); a recurrent component is one ODE, which holds no delay
    const components = componentOrder({ populations, projections } as unknown as Network)
    const loop = new Map<number, readonly number[]>()
    for (const c of components) if (c.recurrent) for (const q of c.populations) loop.set(q, c.populations)
    for (const { projection, at } of delayed) {
      const pr = projections[projection]
      const touched = loop.get(pr.target) ?? (pr.source.kind === 'population' ? loop.get(pr.source.index) : undefined)
      if (touched === undefined) continue
      const names = touched.map((q) => `"${populations[q].name}"`).join(', ')
      issues.push(
        issue(
          at,
          `delays cannot sit on a projection into, out of or within a recurrent component (${touched.length > 1 ? `the populations ${names} form a cycle` : `the population ${names} projects onto itself`}): it is solved as one ODE, which holds no delay`,
          'remove the delay from this projection (delays on projections between feedforward populations are allowed)',
        ),
      )
    }
    const reader = Array.isArray(spec.losses) ? runningOnVariables(spec.losses) : undefined
    if (reader !== undefined) {
      issues.push(issue(delayed[0].at, `the loss "${reader.kind}" has a running term on neuron variables (a voltage over the trial), which a network with delays cannot give: its structured solve reads the traces over time, and a voltage only at the end`, 'use a loss on the readout, the traces, spike times or values at the end'))
    }
  }

  if (!Array.isArray(spec.losses) || spec.losses.length === 0) issues.push(issue('losses', 'give at least one loss term (e.g. mseLoss())'))
  else issues.push(...lossReadIssues(populations, spec.losses))
  if (size > maxParameters) issues.push(issue('projections', `θ has ${size} entries, more than the ${maxParameters} allowed`, 'make large projections sparse'))
  if (issues.length > 0) return leftInvalid(issues)

  const initialState = new Float64Array(stateSize)
  for (let q = 0; q < populations.length; q++) {
    const pop = populations[q]
    const given = popSpecs[q].initialState
    const m = pop.neuron.stateNames.length
    const N = pop.size
    if (given === undefined) {
      pop.neuron.initialState(pop.paramTable ?? pop.params, N, initialState.subarray(pop.stateOffset, pop.stateOffset + m * N))
      continue
    }
    if (given.length !== (m + 1) * N) {
      issues.push(issue(`populations[${q}].initialState`, `must have ${(m + 1) * N} entries ((${m} neuron variables + 1 trace) × ${N} neurons), got ${given.length}`))
      continue
    }
    for (let i = 0; i < (m + 1) * N; i++) {
      const v = given[i]
      if (!Number.isFinite(v)) issues.push(issue(`populations[${q}].initialState[${i}]`, `must be a finite number, got ${String(v)}`))
      initialState[i < m * N ? pop.stateOffset + i : pop.traceOffset + i - m * N] = v
    }
  }
  if (issues.length > 0) return leftInvalid(issues)

  return right({
    populations,
    inputs,
    projections,
    readout: readout!,
    losses: spec.losses,
    layout: { stateSize, neurons, traceBase: xSize, analogChannels, spikeChannels, blocks, size },
    initialState,
  })
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0

function checkSize(v: unknown, at: string, issues: Issue[]): void {
  if (!(Number.isSafeInteger(v) && (v as number) >= 1)) issues.push(issue(at, `must be a positive integer, got ${JSON.stringify(v)}`))
  else if ((v as number) > maxGroupSize) issues.push(issue(at, `${v as number} is more than the ${maxGroupSize} allowed`))
}

/** The issues with a projection's `delay` at `at`; `analog` names the source when it is an analog input. */
function checkDelay(d: DelaySpec, at: string, analog: string | undefined): Issue[] {
  if (typeof d !== 'object' || d === null) return [issue(at, 'must be { kind: "synaptic" | "axonal" | "dendritic", init?, trained?, max? }')]
  if (analog !== undefined) return [issue(at, `the analog input "${analog}" cannot be delayed (its derivative in time is unknown)`, 'delay spike inputs or populations only')]
  const issues: Issue[] = []
  if (d.kind !== 'synaptic' && d.kind !== 'axonal' && d.kind !== 'dendritic') {
    issues.push(issue(`${at}.kind`, `must be "synaptic", "axonal" or "dendritic", got ${JSON.stringify(d.kind)}`))
  }
  if (d.trained !== undefined && typeof d.trained !== 'boolean') issues.push(issue(`${at}.trained`, `must be true or false, got ${JSON.stringify(d.trained)}`))
  const max = d.max ?? defaultMaxDelay
  if (!positive(max)) {
    issues.push(issue(`${at}.max`, `must be a positive number of ms, got ${JSON.stringify(d.max)}`))
    return issues
  }
  const init = d.init ?? defaultDelayInit
  const bad = checkInitRule(init, `${at}.init`, false)
  if (bad.length > 0) return [...issues, ...bad]
  if (init.kind === 'normal') issues.push(issue(`${at}.init.kind`, 'delays are drawn "uniform" or "constant" (a normal draw would give negative delays)'))
  else {
    const [lo, hi] = init.kind === 'uniform' ? [init.min, init.max] : [init.value, init.value]
    if (lo < 0 || hi > max) issues.push(issue(`${at}.init`, `draws delays in [${lo}, ${hi}] ms, outside [0, max = ${max}]`, 'draw within [0, max], or raise max'))
  }
  return issues
}

function checkSigns(sign: Signs, size: number, at: string, issues: Issue[]): void {
  if (sign === 'excitatory' || sign === 'inhibitory') return
  if (!Array.isArray(sign) || sign.length !== size || !sign.every((s) => s === 1 || s === -1)) {
    issues.push(issue(at, `must be "excitatory", "inhibitory" or ${size} entries of 1 or -1`))
  }
}

function signsOf(sign: Signs, size: number): Float64Array {
  if (sign === 'excitatory') return new Float64Array(size).fill(1)
  if (sign === 'inhibitory') return new Float64Array(size).fill(-1)
  return Float64Array.from(sign)
}

function isNeuron(x: unknown): x is PopulationSpec['neuron'] {
  if (typeof x !== 'object' || x === null) return false
  const n = x as Record<string, unknown>
  return (
    Array.isArray(n.stateNames) &&
    n.stateNames.length > 0 &&
    Number.isInteger(n.voltageIndex) &&
    (n.voltageIndex as number) >= 0 &&
    (n.voltageIndex as number) < n.stateNames.length &&
    Array.isArray(n.parameters) &&
    typeof n.rhs === 'function' &&
    typeof n.vjp === 'function' &&
    typeof n.initialState === 'function' &&
    typeof n.gateZone === 'function'
  )
}

function sourceOf(
  name: unknown,
  pops: Map<string, number>,
  inputs: Map<string, number>,
  inputSpecs: NonNullable<NetworkSpec['inputs']>,
): ProjectionSource | undefined {
  if (typeof name !== 'string') return undefined
  const q = pops.get(name)
  if (q !== undefined) return { kind: 'population', index: q }
  const c = inputs.get(name)
  if (c !== undefined) return { kind: inputSpecs[c].kind, index: c }
  return undefined
}

function gateOf(p: PopulationSpec, params: Float64Array, at: string, issues: Issue[]): SynapseGate | undefined {
  // a population whose neurons differ places the gate by neuron 0's values (`gateShifts` moves the others)
  const g = p.gate as unknown
  if (typeof g === 'object' && g !== null && typeof (g as SynapseGate).value === 'function') return g as SynapseGate
  if (typeof g !== 'object' || g === null || typeof (g as GateChoice).shape !== 'function') {
    issues.push(issue(at, 'must be a gate (e.g. polyBumpGate(zone)) or { shape: <gate factory>, width }'))
    return undefined
  }
  const choice = g as GateChoice
  if (!positive(choice.width)) {
    issues.push(issue(`${at}.width`, `must be the positive width of the gate's active zone, got ${JSON.stringify(choice.width)}`))
    return undefined
  }
  try {
    const zone = p.neuron.gateZone(params, choice.width)
    const period = choice.period ?? zone.period
    return choice.shape({ width: choice.width, center: choice.center ?? zone.center, ...(period !== undefined && { period }) })
  } catch (e) {
    issues.push(issue(at, e instanceof Error ? e.message : String(e)))
    return undefined
  }
}

function readoutOf(
  spec: NetworkSpec,
  pops: Map<string, number>,
  popSpecs: readonly PopulationSpec[],
  issues: Issue[],
  addBlock: (name: string, kind: NetworkBlock['kind'], length: number, trainable: boolean) => number,
): NetworkReadout | undefined {
  const r = spec.readout
  if (typeof r !== 'object' || r === null) {
    issues.push(issue('readout', 'give { size, from: [population names] }'))
    return undefined
  }
  if (!(Number.isSafeInteger(r.size) && r.size >= 0 && r.size <= maxGroupSize)) {
    issues.push(issue('readout.size', `must be an integer in [0, ${maxGroupSize}], got ${JSON.stringify(r.size)}`))
    return undefined
  }
  const from = r.from ?? []
  if (!Array.isArray(from)) {
    issues.push(issue('readout.from', 'must be a list of population names'))
    return undefined
  }
  if (r.size > 0 && from.length === 0) issues.push(issue('readout.from', `name the populations the ${r.size} readout channels read`))
  const init = r.init ?? defaultWeightInit
  issues.push(...checkInitRule(init, 'readout.init', false))
  const trainable = r.trained !== false
  const terms: NetworkReadout['terms'][number][] = []
  from.forEach((name, i) => {
    const q = pops.get(name)
    if (q === undefined) {
      issues.push(issue(`readout.from[${i}]`, `${JSON.stringify(name)} is not a population`))
      return
    }
    if (terms.some((t) => t.population === q)) {
      issues.push(issue(`readout.from[${i}]`, `"${name}" is named twice`))
      return
    }
    const blockName = `readout<-${name}`
    terms.push({ name: blockName, population: q, offset: addBlock(blockName, 'readout', r.size * popSpecs[q].size, trainable) })
  })
  return { size: r.size, terms, trainable, init }
}

/** The pattern type, re-exported for the network's users. */
export type { Pattern }
