import { UserError } from '../cliError.js'
import type { DecisionMap, FigureData, NamedSeries, ParameterDistribution, SampleTrial, SpikeEvent, SpikeTargets, TrainingHistory, TrialResponse } from './figureData.js'

/**
 * Checks that parsed JSON holds {@link FigureData} and returns it; otherwise throws a
 * UserError that names `source`, the first bad field (as a path like
 * `samples[0].after.spikes[3].neuron`) and what it should be. `null` in a series is a gap (NaN).
 */
export function decodeFigureData(json: unknown, source: string): FigureData {
  if (!isRecord(json)) throw new UserError(`${source}: expected a JSON object, got ${kind(json)}`)
  const missing = ['history', 'samples'].filter((key) => !(key in json))
  if (missing.length > 0) {
    throw new UserError(
      `${source} has no ${missing.map((k) => `"${k}"`).join(' or ')} field: spikegrad plot draws a model's ` +
        'training history and sample trials, and this file does not record them. Give a file that does.',
    )
  }
  const at = new Reader(source)
  const samples = at.array(json.samples, 'samples', (v, p) => sampleTrial(at, v, p))
  if (samples.length === 0) at.fail('samples', 'at least one sample trial', json.samples)
  return {
    ...(json.title === undefined ? {} : { title: at.string(json.title, 'title') }),
    history: history(at, json.history, 'history'),
    samples,
    ...(json.decisionMap !== undefined && { decisionMap: decisionMap(at, json.decisionMap, 'decisionMap') }),
    ...(json.parameters !== undefined && { parameters: at.array(json.parameters, 'parameters', (v, p) => parameter(at, v, p)) }),
  }
}

type PerKind = NonNullable<ParameterDistribution['per']>
const perKinds: readonly PerKind[] = ['neuron', 'synapse', 'source neuron', 'target neuron']

function parameter(at: Reader, v: unknown, path: string): ParameterDistribution {
  const o = at.record(v, path)
  const after = at.numbers(o.after, `${path}.after`, false)
  if (after.length === 0) at.fail(`${path}.after`, 'one value per neuron (at least one)', o.after)
  const per = o.per === undefined ? undefined : at.string(o.per, `${path}.per`)
  if (per !== undefined && !perKinds.includes(per as PerKind)) at.fail(`${path}.per`, `one of ${perKinds.map((k) => `"${k}"`).join(', ')}`, o.per)
  return {
    name: at.string(o.name, `${path}.name`),
    unit: at.string(o.unit, `${path}.unit`),
    ...(per !== undefined && { per: per as PerKind }),
    before: at.numbers(o.before, `${path}.before`, false, after.length),
    after,
  }
}

function decisionMap(at: Reader, v: unknown, path: string): DecisionMap {
  const o = at.record(v, path)
  const axis = (a: unknown, p: string): DecisionMap['x'] => {
    const r = at.record(a, p)
    const min = at.number(r.min, `${p}.min`)
    const max = at.number(r.max, `${p}.max`)
    if (!(min < max)) at.fail(p, 'an axis with min < max', a)
    return { name: at.string(r.name, `${p}.name`), min, max }
  }
  const classes = at.array(o.classes, `${path}.classes`, (c, p) => at.string(c, p))
  if (classes.length === 0) at.fail(`${path}.classes`, 'at least one class name', o.classes)
  const resolution = at.number(o.resolution, `${path}.resolution`)
  if (!(Number.isInteger(resolution) && resolution >= 1)) at.fail(`${path}.resolution`, 'a positive integer', o.resolution)
  const cls = (c: unknown, p: string): number => {
    const k = at.number(c, p)
    if (!(Number.isInteger(k) && k >= 0 && k < classes.length)) at.fail(p, `a class index in [0, ${classes.length})`, c)
    return k
  }
  const cells = at.array(o.cells, `${path}.cells`, (c, p) => {
    const r = at.record(c, p)
    return { x: at.number(r.x, `${p}.x`), y: at.number(r.y, `${p}.y`), predicted: cls(r.predicted, `${p}.predicted`) }
  })
  const points = at.array(o.points, `${path}.points`, (c, p) => {
    const r = at.record(c, p)
    return { x: at.number(r.x, `${p}.x`), y: at.number(r.y, `${p}.y`), label: cls(r.label, `${p}.label`), predicted: cls(r.predicted, `${p}.predicted`) }
  })
  return { x: axis(o.x, `${path}.x`), y: axis(o.y, `${path}.y`), classes, resolution, cells, points, pointsFrom: at.string(o.pointsFrom, `${path}.pointsFrom`) }
}

// -------------------------------------------------------------------------------------
// fields
// -------------------------------------------------------------------------------------

function history(at: Reader, v: unknown, path: string): TrainingHistory {
  const o = at.record(v, path)
  const iterations = at.numbers(o.iterations, `${path}.iterations`, false)
  const loss = at.numbers(o.loss, `${path}.loss`, true, iterations.length)
  return {
    iterations,
    loss,
    ...(o.score !== undefined && { score: series(at, o.score, `${path}.score`, iterations.length) }),
    ...(o.scores !== undefined && { scores: at.array(o.scores, `${path}.scores`, (v, p) => series(at, v, p, iterations.length)) }),
    ...(o.minutes !== undefined && { minutes: minutes(at, o.minutes, `${path}.minutes`, iterations.length) }),
    ...(o.references !== undefined && {
      references: at.array(o.references, `${path}.references`, (v, p) => {
        const r = at.record(v, p)
        const m = at.number(r.minutes, `${p}.minutes`)
        if (!(m >= 0)) at.fail(`${p}.minutes`, 'minutes ≥ 0', r.minutes)
        return { name: at.string(r.name, `${p}.name`), minutes: m, value: at.number(r.value, `${p}.value`) }
      }),
    }),
  }
}

function minutes(at: Reader, v: unknown, path: string, n: number): { clock: 'cpu' | 'wall'; values: number[] } {
  const o = at.record(v, path)
  if (o.clock !== 'cpu' && o.clock !== 'wall') at.fail(`${path}.clock`, '"cpu" or "wall"', o.clock)
  const values = at.numbers(o.values, `${path}.values`, false, n)
  if (values.some((m) => !(m >= 0))) at.fail(`${path}.values`, 'minutes ≥ 0', o.values)
  return { clock: o.clock as 'cpu' | 'wall', values }
}

function sampleTrial(at: Reader, v: unknown, path: string): SampleTrial {
  const o = at.record(v, path)
  const duration = at.number(o.duration, `${path}.duration`)
  if (!(duration > 0)) at.fail(`${path}.duration`, 'a positive trial length in ms', o.duration)
  const neurons = at.number(o.neurons, `${path}.neurons`)
  if (!(Number.isInteger(neurons) && neurons >= 1)) at.fail(`${path}.neurons`, 'a positive integer', o.neurons)
  const times = at.numbers(o.times, `${path}.times`, false)
  if (times.length < 2) at.fail(`${path}.times`, 'at least 2 sample times', o.times)
  const n = times.length
  const targets = at.array(o.targets, `${path}.targets`, (s, p) => series(at, s, p, n))
  const response = (r: unknown, p: string): TrialResponse => {
    const ro = at.record(r, p)
    const readout = at.array(ro.readout, `${p}.readout`, (s, q) => series(at, s, q, n))
    const spikes = at.array(ro.spikes, `${p}.spikes`, (s, q) => spike(at, s, q, neurons))
    return { readout, spikes }
  }
  const populations =
    o.populations === undefined
      ? undefined
      : at.array(o.populations, `${path}.populations`, (q, p) => {
          const r = at.record(q, p)
          const offset = at.number(r.offset, `${p}.offset`)
          const size = at.number(r.size, `${p}.size`)
          if (!(Number.isInteger(offset) && Number.isInteger(size) && offset >= 0 && size >= 1 && offset + size <= neurons)) {
            at.fail(p, `rows offset … offset + size − 1 within [0, ${neurons})`, q)
          }
          return { name: at.string(r.name, `${p}.name`), offset, size }
        })
  return {
    ...(o.label === undefined ? {} : { label: at.string(o.label, `${path}.label`) }),
    duration,
    neurons,
    ...(populations && { populations }),
    ...(o.inputs === undefined ? {} : { inputs: at.array(o.inputs, `${path}.inputs`, (s, p) => series(at, s, p, n)) }),
    ...(o.inputSpikes === undefined
      ? {}
      : {
          inputSpikes: at.array(o.inputSpikes, `${path}.inputSpikes`, (s, p) => {
            const r = at.record(s, p)
            const channel = at.number(r.channel, `${p}.channel`)
            if (!(Number.isInteger(channel) && channel >= 0)) at.fail(`${p}.channel`, 'a non-negative integer', r.channel)
            return { channel, time: at.number(r.time, `${p}.time`) }
          }),
        }),
    times,
    targets,
    ...(o.windows === undefined
      ? {}
      : { windows: at.array(o.windows, `${path}.windows`, (w, p) => window(at, w, p)) }),
    ...(o.spikeTargets === undefined ? {} : { spikeTargets: spikeTargets(at, o.spikeTargets, `${path}.spikeTargets`, neurons) }),
    ...(o.before === undefined ? {} : { before: response(o.before, `${path}.before`) }),
    after: response(o.after, `${path}.after`),
  }
}

function spikeTargets(at: Reader, v: unknown, path: string, neurons: number): SpikeTargets {
  const o = at.record(v, path)
  const first = o.first === undefined ? undefined : at.number(o.first, `${path}.first`)
  if (first !== undefined && !(Number.isInteger(first) && first >= 0 && first < neurons)) at.fail(`${path}.first`, `an integer in [0, ${neurons})`, o.first)
  return {
    population: at.string(o.population, `${path}.population`),
    label: at.string(o.label, `${path}.label`),
    ...(first !== undefined && { first }),
    ...(o.spikes === undefined ? {} : { spikes: at.array(o.spikes, `${path}.spikes`, (s, p) => spike(at, s, p, neurons)) }),
  }
}

function series(at: Reader, v: unknown, path: string, length: number): NamedSeries {
  const o = at.record(v, path)
  return { name: at.string(o.name, `${path}.name`), values: at.numbers(o.values, `${path}.values`, true, length) }
}

function spike(at: Reader, v: unknown, path: string, neurons: number): SpikeEvent {
  const o = at.record(v, path)
  const neuron = at.number(o.neuron, `${path}.neuron`)
  if (!(Number.isInteger(neuron) && neuron >= 0 && neuron < neurons)) {
    at.fail(`${path}.neuron`, `an integer in [0, ${neurons})`, o.neuron)
  }
  return { neuron, time: at.number(o.time, `${path}.time`) }
}

function window(at: Reader, v: unknown, path: string): readonly [number, number] {
  const pair = at.numbers(v, path, false, 2)
  if (!(pair[0]! < pair[1]!)) at.fail(path, '[start, end] with start < end (ms)', v)
  return [pair[0]!, pair[1]!]
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** Field readers that throw a UserError naming the source and the field path. */
class Reader {
  constructor(private readonly source: string) {}

  fail(path: string, expected: string, got: unknown): never {
    throw new UserError(`${this.source}: field "${path}" must be ${expected}, got ${kind(got)}`)
  }

  record(v: unknown, path: string): Record<string, unknown> {
    return isRecord(v) ? v : this.fail(path, 'an object', v)
  }

  string(v: unknown, path: string): string {
    return typeof v === 'string' ? v : this.fail(path, 'a string', v)
  }

  number(v: unknown, path: string): number {
    return typeof v === 'number' && Number.isFinite(v) ? v : this.fail(path, 'a finite number', v)
  }

  array<T>(v: unknown, path: string, item: (v: unknown, path: string) => T): T[] {
    return Array.isArray(v) ? v.map((x, k) => item(x, `${path}[${k}]`)) : this.fail(path, 'an array', v)
  }

  /** An array of finite numbers (and, if `gaps`, nulls read as NaN), of `length` if given. */
  numbers(v: unknown, path: string, gaps: boolean, length?: number): number[] {
    if (!Array.isArray(v)) return this.fail(path, 'an array of numbers', v)
    if (length !== undefined && v.length !== length) this.fail(path, `an array of ${length} numbers`, v)
    return v.map((x, k) => (gaps && x === null ? NaN : this.number(x, `${path}[${k}]`)))
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `missing`, `null`, `"text"`, `12`, `an array of 3`, `an object`. */
function kind(v: unknown): string {
  if (v === undefined) return 'nothing (missing)'
  if (Array.isArray(v)) return `an array of ${v.length}`
  if (typeof v === 'object' && v !== null) return 'an object'
  return JSON.stringify(v)
}
