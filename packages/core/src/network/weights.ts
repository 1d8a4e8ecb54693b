import { right, type Either } from 'fp-ts/lib/Either.js'
import { issue, keyStep, leftInvalid, type Invalid, type Issue } from '../util/invalid.js'
import { patternCoordinates, patternEntry, type Pattern } from './connectivityPattern.js'
import type { Network, NetworkBlock } from './network.js'

/**
 * The weights of a network by block name, as JSON holds them:
 * - a dense projection `target<-source`: rows (one per target neuron) of source-many numbers;
 * - a masked or sparse projection: its entries as [target, source, value] triples;
 * - `bias:<population>`: N numbers; `readout<-<population>`: readout-many rows of N numbers;
 * - `tau_s:<population>` and `<parameter>:<population>`: a number.
 */
export type WeightRecord = Readonly<Record<string, unknown>>

/**
 * θ from weights by block name. Every block must be given, with its shape; problems name the
 * block and the entry (`weights["hidden<-hidden"][2][3]: must be a finite number, got "x"`).
 */
export function packWeights(net: Network, weights: WeightRecord, what = 'weights'): Either<Invalid, Float64Array> {
  const theta = new Float64Array(net.layout.size)
  const issues: Issue[] = []
  if (typeof weights !== 'object' || weights === null || Array.isArray(weights)) {
    return leftInvalid([issue(what, 'must be an object with one entry per parameter block', `give ${net.layout.blocks.map((b) => `"${b.name}"`).join(', ')}`)])
  }
  const known = new Set(net.layout.blocks.map((b) => b.name))
  for (const key of Object.keys(weights)) {
    if (!known.has(key)) issues.push(issue(`${what}${step(key)}`, 'is not a block of this network', `its blocks are ${[...known].join(', ')}`))
  }
  for (const block of net.layout.blocks) {
    const at = `${what}${step(block.name)}`
    const value = weights[block.name]
    if (value === undefined) {
      issues.push(issue(at, 'is missing', `give the ${describeShape(net, block)}`))
      continue
    }
    packBlock(net, block, value, at, theta, issues)
  }
  return issues.length > 0 ? leftInvalid(issues) : right(theta)
}

/** Weights by block name from θ (the inverse of `packWeights`). */
export function unpackWeights(net: Network, theta: Float64Array): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const block of net.layout.blocks) {
    const at = block.offset
    switch (block.kind) {
      case 'projection': {
        const pattern = projectionOf(net, block).pattern
        if (pattern.kind === 'dense') out[block.name] = rows(theta, at, pattern.rows, pattern.cols)
        else {
          const { row, col } = patternCoordinates(pattern)
          out[block.name] = Array.from({ length: pattern.entries }, (_, e) => [row[e], col[e], theta[at + e]])
        }
        break
      }
      case 'bias':
        out[block.name] = Array.from(theta.subarray(at, at + block.length))
        break
      case 'delay': {
        // synaptic: in the shape of the projection's weights; axonal, dendritic: one per source, target
        const pr = delayedProjectionOf(net, block)
        const pattern = pr.pattern
        if (pr.delay!.kind !== 'synaptic') out[block.name] = Array.from(theta.subarray(at, at + block.length))
        else if (pattern.kind === 'dense') out[block.name] = rows(theta, at, pattern.rows, pattern.cols)
        else {
          const { row, col } = patternCoordinates(pattern)
          out[block.name] = Array.from({ length: pattern.entries }, (_, e) => [row[e], col[e], theta[at + e]])
        }
        break
      }
      case 'readout': {
        const N = block.length / Math.max(net.readout.size, 1)
        out[block.name] = rows(theta, at, net.readout.size, N)
        break
      }
      default:
        out[block.name] = block.perNeuron === true ? Array.from(theta.subarray(at, at + block.length)) : theta[at]
    }
  }
  return out
}

/** The dense matrix of a projection (zeros off its pattern), rows × cols, row-major. */
export function projectionMatrix(net: Network, name: string, theta: Float64Array): { rows: number; cols: number; values: Float64Array } {
  const pr = net.projections.find((p) => p.name === name)
  if (pr === undefined) throw new RangeError(`no projection named "${name}"`)
  const { rows: R, cols: C } = pr.pattern
  const values = new Float64Array(R * C)
  const { row, col } = patternCoordinates(pr.pattern)
  for (let e = 0; e < pr.pattern.entries; e++) values[row[e] * C + col[e]] = theta[pr.offset + e]
  return { rows: R, cols: C, values }
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const step = (key: string): string => {
  const s = keyStep(key)
  return s.startsWith('[') ? s : `.${s}`
}

const rows = (theta: Float64Array, at: number, R: number, C: number): number[][] =>
  Array.from({ length: R }, (_, r) => Array.from(theta.subarray(at + r * C, at + (r + 1) * C)))

function projectionOf(net: Network, block: NetworkBlock) {
  return net.projections.find((p) => p.offset === block.offset && p.name === block.name)!
}

/** The projection whose delays a `delay` block holds. */
function delayedProjectionOf(net: Network, block: NetworkBlock) {
  return net.projections.find((p) => p.delay?.offset === block.offset)!
}

function describeShape(net: Network, block: NetworkBlock): string {
  switch (block.kind) {
    case 'projection': {
      const p = projectionOf(net, block).pattern
      return p.kind === 'dense' ? `${p.rows} rows of ${p.cols} numbers` : `${p.entries} [target, source, value] entries of its pattern`
    }
    case 'bias':
      return `${block.length} numbers`
    case 'delay': {
      const pr = delayedProjectionOf(net, block)
      const p = pr.pattern
      if (pr.delay!.kind !== 'synaptic') return `${block.length} numbers (one per ${pr.delay!.kind === 'axonal' ? 'source' : 'target'} neuron)`
      return p.kind === 'dense' ? `${p.rows} rows of ${p.cols} numbers` : `${p.entries} [target, source, value] entries of its pattern`
    }
    case 'readout':
      return `${net.readout.size} rows of ${block.length / Math.max(net.readout.size, 1)} numbers`
    default:
      return block.perNeuron === true ? `${block.length} numbers (one per neuron)` : 'a number'
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function packMatrix(value: unknown, R: number, C: number, at: string, theta: Float64Array, offset: number, issues: Issue[], rowsAre: string): void {
  if (!Array.isArray(value) || value.length !== R) {
    issues.push(issue(at, `must have ${R} rows (${rowsAre}), got ${Array.isArray(value) ? value.length : typeof value}`))
    return
  }
  value.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== C) {
      issues.push(issue(`${at}[${r}]`, `must have ${C} entries, got ${Array.isArray(row) ? row.length : typeof row}`))
      return
    }
    row.forEach((v: unknown, c) => {
      if (!finite(v)) issues.push(issue(`${at}[${r}][${c}]`, `must be a finite number, got ${JSON.stringify(v)}`))
      else theta[offset + r * C + c] = v
    })
  })
}

function packBlock(net: Network, block: NetworkBlock, value: unknown, at: string, theta: Float64Array, issues: Issue[]): void {
  switch (block.kind) {
    case 'delay': {
      const pr = delayedProjectionOf(net, block)
      const before = issues.length
      if (pr.delay!.kind === 'synaptic') packPattern(pr.pattern, value, at, theta, block.offset, issues)
      else packVector(value, block.length, at, theta, block.offset, issues, `one per ${pr.delay!.kind === 'axonal' ? 'source' : 'target'} neuron`)
      if (issues.length > before) return
      const max = pr.delay!.max
      for (let i = 0; i < block.length; i++) {
        const d = theta[block.offset + i]
        if (!(d >= 0 && d <= max)) {
          issues.push(issue(at, `holds the delay ${d} ms, outside [0, max = ${max}] ms`, 'give delays within [0, max], or raise the projection\'s delay.max'))
          return
        }
      }
      return
    }
    case 'projection':
      packPattern(projectionOf(net, block).pattern, value, at, theta, block.offset, issues)
      return
    case 'bias':
      packVector(value, block.length, at, theta, block.offset, issues, 'one per neuron')
      return
    case 'readout': {
      const R = net.readout.size
      packMatrix(value, R, block.length / Math.max(R, 1), at, theta, block.offset, issues, 'one per readout channel')
      return
    }
    default:
      if (block.perNeuron === true) {
        if (!Array.isArray(value) || value.length !== block.length) {
          issues.push(issue(at, `must have ${block.length} entries (one per neuron), got ${Array.isArray(value) ? value.length : typeof value}`))
          return
        }
        value.forEach((v: unknown, j) => {
          if (!finite(v) || (block.kind === 'tauS' && !(v > 0))) issues.push(issue(`${at}[${j}]`, `must be a ${block.kind === 'tauS' ? 'positive' : 'finite'} number, got ${JSON.stringify(v)}`))
          else theta[block.offset + j] = v
        })
        return
      }
      if (!finite(value) || (block.kind === 'tauS' && !(value > 0))) {
        issues.push(issue(at, `must be a ${block.kind === 'tauS' ? 'positive' : 'finite'} number, got ${JSON.stringify(value)}`))
      } else theta[block.offset] = value
  }
}

function packVector(value: unknown, length: number, at: string, theta: Float64Array, offset: number, issues: Issue[], what: string): void {
  if (!Array.isArray(value) || value.length !== length) {
    issues.push(issue(at, `must have ${length} entries (${what}), got ${Array.isArray(value) ? value.length : typeof value}`))
    return
  }
  value.forEach((v: unknown, j) => {
    if (!finite(v)) issues.push(issue(`${at}[${j}]`, `must be a finite number, got ${JSON.stringify(v)}`))
    else theta[offset + j] = v
  })
}

/** A block in the shape of a projection's pattern: rows of the dense matrix, or its [target, source, value] entries. */
function packPattern(pattern: Pattern, value: unknown, at: string, theta: Float64Array, offset: number, issues: Issue[]): void {
  if (pattern.kind === 'dense') {
    packMatrix(value, pattern.rows, pattern.cols, at, theta, offset, issues, 'one per target neuron')
    return
  }
  if (!Array.isArray(value)) {
    issues.push(issue(at, `must be a list of [target, source, value] entries, got ${typeof value}`))
    return
  }
  const given = new Uint8Array(pattern.entries)
  value.forEach((triple: unknown, i) => {
    const t = triple as unknown[]
    const ok = Array.isArray(t) && t.length === 3 && Number.isInteger(t[0]) && Number.isInteger(t[1]) && finite(t[2])
    const e = ok ? patternEntry(pattern, t[0] as number, t[1] as number) : -1
    if (!ok) issues.push(issue(`${at}[${i}]`, `must be [target, source, value] with a finite value, got ${JSON.stringify(triple)}`))
    else if (e < 0) issues.push(issue(`${at}[${i}]`, `[${t[0] as number}, ${t[1] as number}] is not an entry of the projection's connectivity`))
    else if (given[e] === 1) issues.push(issue(`${at}[${i}]`, `the entry [${t[0] as number}, ${t[1] as number}] is given twice`))
    else {
      given[e] = 1
      theta[offset + e] = t[2] as number
    }
  })
  const missing = given.indexOf(0)
  if (missing >= 0 && issues.length === 0) {
    const { row, col } = patternCoordinates(pattern)
    issues.push(issue(at, `the entry [${row[missing]}, ${col[missing]}] of its connectivity is missing (${given.filter((g) => g === 0).length} missing in all)`))
  }
}
