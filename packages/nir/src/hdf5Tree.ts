import h5wasm from 'h5wasm'

/**
 * An HDF5 file as a plain tree — groups of named children, datasets of strings or numbers —
 * read and written with h5wasm (the HDF5 C library compiled to WebAssembly) in its in-memory
 * file system, so the same code runs in Node and in a browser (no Node built-in is imported).
 * Only what NIR files hold is kept: groups, and datasets of variable-length UTF-8 strings or of
 * integers and floats of any width (read as float64).
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A dataset's values in row-major order with its shape ([] for a scalar). */
export type H5Value =
  | { readonly kind: 'strings'; readonly shape: readonly number[]; readonly values: readonly string[] }
  | { readonly kind: 'numbers'; readonly shape: readonly number[]; readonly values: Float64Array; readonly integer: boolean }

export type H5Node = { readonly kind: 'group'; readonly children: ReadonlyMap<string, H5Node> } | { readonly kind: 'dataset'; readonly value: H5Value }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The bytes of an HDF5 file holding `root`: strings as variable-length UTF-8 (scalars of shape
 * []), floats as little-endian float64, integers as int64, each non-empty numeric dataset
 * gzip-compressed in one chunk (as h5py's `compression="gzip"` writes small arrays).
 * @throws Error when h5wasm refuses a value (a caller's bug, not the user's input).
 */
export async function writeHdf5(root: H5Node): Promise<Uint8Array> {
  if (root.kind !== 'group') throw new Error('the root of an HDF5 file is a group')
  const module = await h5wasm.ready
  const name = scratchName()
  try {
    const file = new h5wasm.File(name, 'w')
    try {
      writeChildren(file, root)
    } finally {
      file.close()
    }
    return module.FS!.readFile(name)
  } finally {
    if (module.FS!.analyzePath(name).exists) module.FS!.unlink(name)
  }
}

/**
 * The tree of an HDF5 file, or a message saying why it is not one (not HDF5, truncated,
 * a dataset of a type NIR does not use).
 */
export async function readHdf5(bytes: Uint8Array): Promise<{ readonly ok: true; readonly root: H5Node } | { readonly ok: false; readonly problem: string }> {
  if (!startsWithSignature(bytes)) return { ok: false, problem: 'is not an HDF5 file (it does not start with the HDF5 signature)' }
  const declared = declaredLength(bytes)
  if (declared !== undefined && declared > bytes.length) {
    return { ok: false, problem: `is truncated: its superblock declares ${declared} bytes, ${bytes.length} are there` }
  }
  const module = await h5wasm.ready
  const name = scratchName()
  module.FS!.writeFile(name, bytes)
  let file: InstanceType<typeof h5wasm.File> | undefined
  try {
    file = new h5wasm.File(name, 'r')
    return { ok: true, root: readGroup(file, '') }
  } catch (e) {
    return { ok: false, problem: `cannot be read as HDF5 (${e instanceof Error ? e.message : String(e)}); is it truncated or damaged?` }
  } finally {
    try {
      file?.close()
    } catch {
      // a file that failed to open has nothing to close
    }
    module.FS!.unlink(name)
  }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

let scratchCount = 0
const scratchName = (): string => `/spikegrad-nir-${++scratchCount}.h5`

/** The 8-byte signature every HDF5 file starts with (at offset 0 for files that have no user block). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
const startsWithSignature = (b: Uint8Array): boolean => b.length >= 8 && SIGNATURE.every((x, i) => b[i] === x)

/**
 * The length the superblock declares (base address + end-of-file address), read before the
 * HDF5 library sees the bytes, so a truncated file is refused in words rather than by the
 * library's error stack. Superblock versions 0 and 1 hold the end-of-file address after the
 * base and free-space addresses at byte 24 (v0) or 28 (v1); versions 2 and 3 after the base
 * and extension addresses at byte 12. Undefined when the superblock is not one of these.
 */
function declaredLength(b: Uint8Array): number | undefined {
  const version = b[8]
  const offsets = version === 0 || version === 1 ? b[13] : version === 2 || version === 3 ? b[9] : undefined
  if (offsets !== 8 && offsets !== 4) return undefined
  const base = version === 0 ? 24 : version === 1 ? 28 : 12
  const read = (at: number): number | undefined => {
    if (at + offsets > b.length) return undefined
    let v = 0
    for (let i = offsets - 1; i >= 0; i--) v = v * 256 + b[at + i]!
    return v
  }
  const baseAddress = read(base)
  const end = read(base + 2 * offsets)
  return baseAddress === undefined || end === undefined ? undefined : baseAddress + end
}

type H5Group = InstanceType<typeof h5wasm.Group>

function writeChildren(group: H5Group, node: Extract<H5Node, { kind: 'group' }>): void {
  for (const [key, child] of node.children) {
    if (child.kind === 'group') {
      writeChildren(group.create_group(key), child)
      continue
    }
    const v = child.value
    const shape = [...v.shape]
    if (v.kind === 'strings') {
      group.create_dataset({ name: key, data: shape.length === 0 ? v.values[0]! : [...v.values], shape, dtype: 'S' })
    } else {
      const data = v.integer ? BigInt64Array.from(v.values, (x) => BigInt(x)) : v.values
      const compressed = v.values.length > 0 ? { compression: 'gzip' as const, chunks: shape.length === 0 ? null : shape } : {}
      group.create_dataset({ name: key, data, shape, ...(shape.length > 0 ? compressed : {}) })
    }
  }
}

function readGroup(group: H5Group, path: string): H5Node {
  const children = new Map<string, H5Node>()
  for (const key of group.keys()) {
    const entity = group.get(key)
    const at = `${path}/${key}`
    if (entity instanceof h5wasm.Group) children.set(key, readGroup(entity, at))
    else if (entity instanceof h5wasm.Dataset) children.set(key, { kind: 'dataset', value: readDataset(entity, at) })
    else throw new Error(`${at} is neither a group nor a dataset`)
  }
  return { kind: 'group', children }
}

function readDataset(ds: InstanceType<typeof h5wasm.Dataset>, at: string): H5Value {
  const shape = ds.shape ?? []
  const value = ds.value
  const strings = (xs: unknown[]): H5Value => {
    if (!xs.every((x) => typeof x === 'string')) throw new Error(`${at} holds values of an unsupported type`)
    return { kind: 'strings', shape, values: xs as string[] }
  }
  if (typeof value === 'string') return strings([value])
  if (Array.isArray(value)) return strings(flatten(value as unknown[]))
  if (typeof value === 'number' || typeof value === 'bigint') return { kind: 'numbers', shape, values: Float64Array.of(Number(value)), integer: typeof value === 'bigint' || Number.isInteger(value) }
  if (ArrayBuffer.isView(value)) {
    const integer = !(value instanceof Float64Array || value instanceof Float32Array)
    const values = value instanceof BigInt64Array || value instanceof BigUint64Array ? Float64Array.from(value, (x) => Number(x)) : Float64Array.from(value as ArrayLike<number>)
    return { kind: 'numbers', shape, values, integer }
  }
  throw new Error(`${at} holds values of an unsupported type (${ds.dtype === undefined ? 'unknown' : JSON.stringify(ds.dtype)})`)
}

/** Nested arrays in row-major order. */
function flatten(xs: readonly unknown[], out: unknown[] = []): unknown[] {
  for (const x of xs) {
    if (Array.isArray(x)) flatten(x as unknown[], out)
    else out.push(x)
  }
  return out
}
