/**
 * A NIR graph as plain values, field for field as NIR's reference implementation names them
 * (`nir/ir/*.py`; stored by `nir/serialization.py`, see docs/nir.md): nodes by name, edges
 * (source, target), free-form metadata. Every parameter is an array of float64 with its shape
 * (NIR's numpy arrays); shapes of Input and Output are integer lists.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** An n-dimensional array, row-major (numpy's C order). */
export interface NirTensor {
  readonly shape: readonly number[]
  readonly data: Float64Array
}

/** Metadata values: text or numbers (NIR recommends strings, numbers and arrays). */
export type NirMetadata = Readonly<Record<string, string | number>>

/** `Input`: a graph input of the given shape (NIR field `shape`). */
export interface NirInput {
  readonly type: 'Input'
  readonly shape: readonly number[]
  readonly metadata?: NirMetadata
}

/** `Output`: a graph output of the given shape (NIR field `shape`). */
export interface NirOutput {
  readonly type: 'Output'
  readonly shape: readonly number[]
  readonly metadata?: NirMetadata
}

/** `Linear`: y = W x, `weight` of shape (out, in). */
export interface NirLinear {
  readonly type: 'Linear'
  readonly weight: NirTensor
  readonly metadata?: NirMetadata
}

/** `Affine`: y = W x + b, `weight` (out, in), `bias` (out). */
export interface NirAffine {
  readonly type: 'Affine'
  readonly weight: NirTensor
  readonly bias: NirTensor
  readonly metadata?: NirMetadata
}

/**
 * `CubaLIF`: tau_syn dI/dt = −I + w_in S;  tau_mem dv/dt = (v_leak − v) + r I;  when v crosses
 * v_threshold a spike is emitted and v jumps to v_reset. Every field has the neurons' shape.
 */
export interface NirCubaLif {
  readonly type: 'CubaLIF'
  readonly tau_syn: NirTensor
  readonly tau_mem: NirTensor
  readonly r: NirTensor
  readonly v_leak: NirTensor
  readonly v_threshold: NirTensor
  readonly v_reset: NirTensor
  readonly w_in: NirTensor
  readonly metadata?: NirMetadata
}

/** `LIF`: tau dv/dt = (v_leak − v) + r I, spike and reset at v_threshold. */
export interface NirLif {
  readonly type: 'LIF'
  readonly tau: NirTensor
  readonly r: NirTensor
  readonly v_leak: NirTensor
  readonly v_threshold: NirTensor
  readonly v_reset: NirTensor
  readonly metadata?: NirMetadata
}

/** `LI`: tau dv/dt = (v_leak − v) + r I (no spikes). */
export interface NirLi {
  readonly type: 'LI'
  readonly tau: NirTensor
  readonly r: NirTensor
  readonly v_leak: NirTensor
  readonly metadata?: NirMetadata
}

/** The node types this package reads and writes. */
export type NirNode = NirInput | NirOutput | NirLinear | NirAffine | NirCubaLif | NirLif | NirLi

/** `NIRGraph`: nodes by name and directed edges [source, target]; inputs arriving at a node are summed. */
export interface NirGraph {
  readonly nodes: Readonly<Record<string, NirNode>>
  readonly edges: readonly (readonly [string, string])[]
  readonly metadata?: NirMetadata
}

/**
 * NIR's node types that exist but have no spikegrad form (read as a refusal naming the node),
 * from `nir/ir/__init__.py` and `nir/serialization.py`.
 */
export const nirTypesWithoutSpikegradForm: readonly string[] = [
  'AvgPool2d', 'Conv1d', 'Conv2d', 'CubaLI', 'Delay', 'Flatten', 'I', 'IF', 'Identity', 'Scale', 'SumPool2d', 'Threshold',
]

/** The `version` this package writes: the NIR release whose file layout it follows (informational; NIR's reader does not check it). */
export const NIR_VERSION = '1.0.7'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** A one-dimensional tensor. */
export const vector = (values: ArrayLike<number>): NirTensor => ({ shape: [values.length], data: Float64Array.from(values) })

/** N copies of one value. */
export const filled = (n: number, value: number): NirTensor => ({ shape: [n], data: new Float64Array(n).fill(value) })
