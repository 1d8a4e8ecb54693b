import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { type Connectivity, connectivityPattern, MODEL_FORMAT, MODEL_FORMAT_V2, type GateRef, isEquationNeuronRef, type NetworkDescription, neuronPlugin, patternCoordinates, type PopulationDescription } from '@spikegrad/core'
import { lifParameters } from '@spikegrad/neuron-lif'
import type { ImportedNetwork } from './nirToNetwork.js'

/**
 * What a NIR graph cannot say about a spikegrad network — the gate of each population, masks
 * and sparse patterns, Dale's law, which blocks are trained and how they were drawn, the task,
 * the trial, the solver and the training settings — travels in the graph's metadata under the
 * key `spikegrad`: the JSON text of the exported document (model file or network
 * configuration) without its weights. NIR says no backend may rely on metadata, and the
 * importer does not: the network always comes from the graph; the metadata is used only where
 * it describes that same network (`applyTemplate`), and is otherwise set aside with a note.
 */

export const SPIKEGRAD_METADATA_KEY = 'spikegrad'

/**
 * The network read from the graph, dressed in the template's descriptive fields: populations,
 * inputs, projections and the readout in the template's order, with its gates, connectivity,
 * signs, Dale's law, trained flags and initialisation rules; the graph's values everywhere (a
 * neuron parameter or tau_s that the template trains goes to its weight block, `tau_m:hidden`,
 * `tau_s:hidden`; a masked or sparse projection keeps its pattern's entries). `Left` with the
 * reason when the template describes another network (other names, sizes, neuron models,
 * projections, readout, or weights off its connectivity).
 */
export function applyTemplate(imported: ImportedNetwork, template: NetworkDescription, gate?: Partial<GateRef>): Either<string, ImportedNetwork> {
  const g = imported.network
  const byName = <T extends { name: string }>(xs: readonly T[] | undefined) => new Map((xs ?? []).map((x) => [x.name, x]))
  const gPops = byName(g.populations)
  const gInputs = byName(g.inputs)
  const sameSet = (a: Iterable<string>, b: Iterable<string>) => {
    const x = [...a].sort()
    const y = [...b].sort()
    return x.length === y.length && x.every((v, i) => v === y[i])
  }
  if (!sameSet(gPops.keys(), template.populations.map((p) => p.name))) return left(`its populations (${template.populations.map((p) => p.name).join(', ')}) are not the graph's (${[...gPops.keys()].join(', ')})`)
  if (!sameSet(gInputs.keys(), (template.inputs ?? []).map((i) => i.name))) return left('its inputs are not the graph\'s')
  const pair = (p: { from: string; to: string }) => `${p.to}<-${p.from}`
  if (!sameSet((g.projections ?? []).map(pair), (template.projections ?? []).map(pair))) return left('its projections are not the graph\'s')
  if (!sameSet(g.readout.from, template.readout.from) || (template.readout.size !== undefined && template.readout.size !== g.readout.size)) return left('its readout is not the graph\'s')

  const weights: Record<string, unknown> = {}
  const trained: Record<string, unknown> = {}
  const populations: PopulationDescription[] = []
  for (const t of template.populations) {
    const p = gPops.get(t.name)!
    const ref = t.neuron
    if (isEquationNeuronRef(ref) || ref.name !== 'lif') return left(`its population "${t.name}" is of "${neuronPlugin(ref).name}" neurons`)
    if (t.size !== p.size) return left(`its population "${t.name}" has ${t.size} neurons, the graph's ${p.size}`)
    const params: NonNullable<typeof ref.params> = { ...ref.params }
    for (const spec of lifParameters) {
      const value = neuronPlugin(p.neuron).params![spec.name]!
      if (typeof value !== 'number') return left(`its population "${t.name}" gives ${spec.name} one value per neuron, which this reader does not take`)
      if (t.train?.params?.includes(spec.name) === true) trained[`${spec.name}:${t.name}`] = value
      else if ((ref.params?.[spec.name] ?? spec.value) !== value) params[spec.name] = value
    }
    if (t.train?.tauS === true) trained[`tau_s:${t.name}`] = p.tauS
    populations.push({
      ...t,
      neuron: { ...ref, ...(Object.keys(params).length > 0 && { params }) },
      gate: { ...t.gate, ...gate },
      ...(t.train?.tauS !== true && { tauS: p.tauS }),
    })
  }
  const inputs = (template.inputs ?? []).map((t) => {
    const i = gInputs.get(t.name)!
    return i.size === t.size && t.kind === 'spikes' ? { ...t, tauS: i.tauS } : undefined
  })
  if (inputs.some((i) => i === undefined)) return left('its inputs differ from the graph\'s in kind or size')
  for (const pr of template.projections ?? []) {
    const name = pair(pr)
    const packed = onPattern(imported.weights[name] as number[][], pr.connectivity)
    if (typeof packed === 'string') return left(`its projection ${name} ${packed}`)
    weights[name] = packed
  }
  for (const p of populations) {
    const bias = imported.weights[`bias:${p.name}`] as number[]
    if (p.bias === 'none') {
      if (bias.some((b) => b !== 0)) return left(`its population "${p.name}" has no bias but the graph's v_leak is not zero`)
    } else weights[`bias:${p.name}`] = bias
  }
  for (const from of template.readout.from) weights[`readout<-${from}`] = imported.weights[`readout<-${from}`]
  return right({
    network: { ...template, ...(template.inputs && { inputs: inputs as NonNullable<NetworkDescription['inputs']> }), populations },
    weights: { ...weights, ...orderTrained(trained, template) },
  })
}

/** Dense rows as the weights of a connectivity: rows when dense, else [target, source, value] of the pattern's entries; a message when a weight lies off the pattern. */
function onPattern(dense: number[][], connectivity: Connectivity | undefined): number[][] | string {
  const R = dense.length
  const C = dense[0]?.length ?? 0
  const pattern = connectivityPattern(connectivity, R, C)
  if (Array.isArray(pattern)) return `has a connectivity that does not fit ${R} × ${C}`
  if (pattern.kind === 'dense') return dense
  const { row, col } = patternCoordinates(pattern)
  const on = new Uint8Array(R * C)
  const out: number[][] = []
  for (let e = 0; e < pattern.entries; e++) {
    on[row[e]! * C + col[e]!] = 1
    out.push([row[e]!, col[e]!, dense[row[e]!]![col[e]!]!])
  }
  for (let j = 0; j < R; j++) for (let k = 0; k < C; k++) if (on[j * C + k] === 0 && dense[j]![k] !== 0) return `has the weight ${dense[j]![k]} at [${j}][${k}], off its connectivity`
  return out
}

/** Trained tau_s before neuron parameters, population by population (θ's order). */
function orderTrained(trained: Record<string, unknown>, template: NetworkDescription): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const p of template.populations) {
    const k = `tau_s:${p.name}`
    if (k in trained) out[k] = trained[k]
    for (const spec of lifParameters) {
      const key = `${spec.name}:${p.name}`
      if (key in trained) out[key] = trained[key]
    }
  }
  return out
}

/** A spikegrad document as parsed JSON: a model file (`spikegrad-model/3`) or a network configuration (`spikegrad-network/2`). */
export type SpikegradDocument = Readonly<Record<string, unknown>>

/** The network fields of a network configuration (the rest is its trial, solver and weights). */
const networkKeys = ['inputs', 'populations', 'projections', 'readout', 'losses'] as const

/** The metadata an export writes: the document without its weights, optimiser state, history and best parameters. */
export function exportMetadata(document: SpikegradDocument): Record<string, string> {
  const { weights: _w, optimizerState: _o, history: _h, best: _b, iteration: _i, ...rest } = document
  return { [SPIKEGRAD_METADATA_KEY]: JSON.stringify(rest) }
}

/**
 * The spikegrad document of an imported network: the document kept in the graph's metadata
 * (a model file starts again at iteration 0 with an empty history; a network configuration
 * keeps its trial) with the network and weights from the graph, or — without usable metadata —
 * a model file for `task` (`plugins` and seed 1). `notes` say what was set aside.
 */
export function importedDocument(
  imported: ImportedNetwork,
  metadata: Readonly<Record<string, string | number>> | undefined,
  options: { readonly gate?: Partial<GateRef>; readonly task?: string; readonly plugins?: readonly string[] } = {},
): Either<string, { readonly document: Record<string, unknown>; readonly notes: readonly string[] }> {
  const notes: string[] = []
  const kept = parseKept(metadata?.[SPIKEGRAD_METADATA_KEY], notes)
  const dress = (template: NetworkDescription | undefined): ImportedNetwork => {
    if (template === undefined) return imported
    const merged = applyTemplate(imported, template, options.gate)
    if (merged._tag === 'Right') return merged.right
    notes.push(`the spikegrad description in the file's metadata was set aside: ${merged.left}; the network is read from the graph alone`)
    return imported
  }
  if ((kept?.format === MODEL_FORMAT || kept?.format === MODEL_FORMAT_V2) && isRecord(kept.spec) && options.task === undefined) {
    const spec = kept.spec
    const { network, weights } = dress(spec.network as NetworkDescription)
    return right({ document: { format: MODEL_FORMAT, spec: { ...spec, network }, weights, iteration: 0, history: { iterations: [], evaluations: [] } }, notes })
  }
  if (kept?.format === 'spikegrad-network/2' && options.task === undefined) {
    const template = Object.fromEntries(networkKeys.filter((k) => k in kept).map((k) => [k, kept[k]])) as unknown as NetworkDescription
    const { network, weights } = dress(template)
    return right({ document: { ...kept, ...network, weights }, notes })
  }
  if (options.task === undefined) {
    return left('the file carries no spikegrad task (it was not written by spikegrad, or its metadata was removed); say which task the model is for, e.g. --task yinyang')
  }
  const spec = { format: 'spikegrad-spec/2', plugins: [...(options.plugins ?? [])], task: { name: options.task }, network: imported.network, seed: 1 }
  return right({ document: { format: MODEL_FORMAT, spec, weights: imported.weights, iteration: 0, history: { iterations: [], evaluations: [] } }, notes })
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

function parseKept(text: string | number | undefined, notes: string[]): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const value: unknown = typeof text === 'string' ? JSON.parse(text) : undefined
    if (isRecord(value)) return value
  } catch {
    // not JSON: set aside below
  }
  notes.push(`the metadata "${SPIKEGRAD_METADATA_KEY}" is not a spikegrad document and was set aside`)
  return undefined
}
