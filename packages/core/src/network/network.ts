import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Loss } from '../plugin/loss.js'
import type { Neuron } from '../plugin/neuron.js'
import { resolveParameters } from '../plugin/parameterSpec.js'
import type { SynapseGate } from '../plugin/synapseGate.js'
import { networkLayout, type NetworkLayout, type NetworkSizes } from './networkLayout.js'

/**
 * A gated-synapse network (DESIGN §1): plugins, sizes, fixed values and the layout of its
 * trainable parameters θ. The weights themselves live in θ (see `packWeights`), so that a
 * network can be evaluated at many parameter vectors.
 */
export interface Network {
  readonly neuron: Neuron
  /** Values of every neuron parameter (the trained ones' values are taken from θ instead). */
  readonly neuronParams: Float64Array
  readonly gate: SynapseGate
  /** Synaptic time constant, ms (from θ instead when trained). */
  readonly tauS: number
  readonly losses: readonly Loss[]
  readonly layout: NetworkLayout
  /** y0 = [x0 (variable-major), s0]. */
  readonly initialState: Float64Array
}

export interface NetworkSpec {
  readonly neuron: Neuron
  /** Neuron parameter values by name (default: the neuron's defaults). */
  readonly neuronParams?: Readonly<Record<string, number>>
  readonly gate: SynapseGate
  readonly sizes: NetworkSizes
  /** Synaptic time constant tau_s, ms (> 0). */
  readonly tauS: number
  readonly losses: readonly Loss[]
  /** Train tau_s and/or named neuron parameters besides U, W, b, O. */
  readonly train?: { readonly tauS?: boolean; readonly neuronParams?: readonly string[] }
  /** y0 (default: the neuron's resting state and s = 0). */
  readonly initialState?: ArrayLike<number>
}

/** Validates a specification and builds the network; errors name the field and the fix. */
export function createNetwork(spec: NetworkSpec): Either<readonly string[], Network> {
  const errors: string[] = []
  const { sizes, neuron } = spec
  for (const k of ['inputs', 'neurons', 'outputs'] as const) {
    const v = sizes[k]
    if (!Number.isInteger(v) || v < (k === 'neurons' ? 1 : 0)) {
      errors.push(`sizes.${k} must be a ${k === 'neurons' ? 'positive' : 'non-negative'} integer, got ${String(v)}`)
    }
  }
  if (!(Number.isFinite(spec.tauS) && spec.tauS > 0)) errors.push(`tauS must be a positive number of ms, got ${String(spec.tauS)}`)
  const resolved = resolveParameters(`neuron "${neuron.kind}"`, neuron.parameters, spec.neuronParams)
  if ('errors' in resolved) errors.push(...resolved.errors)
  const names = neuron.parameters.map((p) => p.name)
  for (const name of spec.train?.neuronParams ?? []) {
    const p = neuron.parameters.find((q) => q.name === name)
    if (p === undefined) errors.push(`train.neuronParams: "${name}" is not a parameter of neuron "${neuron.kind}" (${names.join(', ')})`)
    else if (!p.trainable || neuron.paramVjp === undefined) {
      errors.push(`train.neuronParams: "${name}" of neuron "${neuron.kind}" is not trainable`)
    }
  }
  if (spec.losses.length === 0) errors.push('losses: give at least one loss term')
  if (errors.length > 0) return left(errors)
  const N = sizes.neurons
  const m = neuron.stateNames.length
  const n = (m + 1) * N
  const neuronParams = (resolved as { values: Float64Array }).values
  let initialState: Float64Array
  if (spec.initialState !== undefined) {
    if (spec.initialState.length !== n) {
      return left([`initialState must have ${n} entries ((${m} neuron variables + 1 trace) × ${N} neurons), got ${spec.initialState.length}`])
    }
    initialState = Float64Array.from(spec.initialState)
    const bad = initialState.findIndex((v) => !Number.isFinite(v))
    if (bad >= 0) return left([`initialState[${bad}] must be finite`])
  } else {
    initialState = new Float64Array(n)
    neuron.initialState(neuronParams, N, initialState)
  }
  const layout = networkLayout(sizes, spec.train?.tauS === true, names, spec.train?.neuronParams ?? [])
  return right({ neuron, neuronParams, gate: spec.gate, tauS: spec.tauS, losses: spec.losses, layout, initialState })
}

/** Weights as nested arrays: W[j][k] from neuron k to j, U[j][m], b[j], O[r][j]. */
export interface Weights {
  readonly U: readonly (readonly number[])[]
  readonly W: readonly (readonly number[])[]
  readonly b: readonly number[]
  readonly O: readonly (readonly number[])[]
  readonly tauS?: number
  readonly neuronParams?: Readonly<Record<string, number>>
}

/** θ from nested weight arrays; errors name the matrix, the entry and the expected shape. */
export function packWeights(net: Network, w: Weights): Either<readonly string[], Float64Array> {
  const { layout } = net
  const { inputs: Nin, neurons: N, outputs: Nout } = layout.sizes
  const theta = new Float64Array(layout.size)
  const errors: string[] = []
  const put = (name: string, rows: readonly (readonly number[])[] | undefined, R: number, C: number, offset: number): void => {
    if (!Array.isArray(rows) || rows.length !== R) {
      errors.push(`${name} must have ${R} rows (${name === 'O' ? 'outputs' : 'neurons'}), got ${Array.isArray(rows) ? rows.length : typeof rows}`)
      return
    }
    rows.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== C) {
        errors.push(`${name}[${r}] must have ${C} entries, got ${Array.isArray(row) ? row.length : typeof row}`)
        return
      }
      row.forEach((v, c) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${name}[${r}][${c}] must be a finite number, got ${String(v)}`)
        theta[offset + r * C + c] = v
      })
    })
  }
  put('U', w.U, N, Nin, layout.U)
  put('W', w.W, N, N, layout.W)
  put('b', w.b === undefined ? undefined : [w.b], 1, N, layout.b)
  put('O', w.O, Nout, N, layout.O)
  if (layout.tauS >= 0) theta[layout.tauS] = w.tauS ?? net.tauS
  net.neuron.parameters.forEach((p, k) => {
    const off = layout.neuronParams[k]
    if (off >= 0) theta[off] = w.neuronParams?.[p.name] ?? net.neuronParams[k]
  })
  return errors.length > 0 ? left(errors) : right(theta)
}

/** Nested weight arrays from θ. */
export function unpackWeights(net: Network, theta: Float64Array): Weights {
  const { layout } = net
  const { inputs: Nin, neurons: N, outputs: Nout } = layout.sizes
  const rows = (offset: number, R: number, C: number): number[][] =>
    Array.from({ length: R }, (_, r) => Array.from(theta.subarray(offset + r * C, offset + (r + 1) * C)))
  const neuronParams: Record<string, number> = {}
  net.neuron.parameters.forEach((p, k) => {
    const off = layout.neuronParams[k]
    neuronParams[p.name] = off >= 0 ? theta[off] : net.neuronParams[k]
  })
  return {
    U: rows(layout.U, N, Nin),
    W: rows(layout.W, N, N),
    b: Array.from(theta.subarray(layout.b, layout.b + N)),
    O: rows(layout.O, Nout, N),
    tauS: layout.tauS >= 0 ? theta[layout.tauS] : net.tauS,
    neuronParams,
  }
}
