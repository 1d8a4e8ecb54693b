import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import test from 'ava'
import { Rng } from '@spikegrad/core'
import { repositoryRoot, stackFrame } from './spawnCli.test-kit.js'
import { savedTinyModel, scratch, spikegradInProcess, tinyAutoencodeSpec } from './train/tinyRuns.test-kit.js'

/**
 * A seeded fuzz test of the command line: mutations of the example configurations, of a model
 * file and of a model specification, and of the command lines that read them, run in this
 * process. Every case must end without a stack trace or an "unexpected error", within a time
 * limit, and leave every file but its named output as it was; a case built to be wrong must
 * not exit 0. SPIKEGRAD_FUZZ_SEED and SPIKEGRAD_FUZZ_CASES explore other cases locally.
 */

const seed = Number(process.env.SPIKEGRAD_FUZZ_SEED ?? 14)
const cases = Number(process.env.SPIKEGRAD_FUZZ_CASES ?? 500)
const perCaseMs = 20_000

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** One command line to run, and whether it was built to be wrong. */
interface Case {
  readonly name: string
  readonly args: readonly string[]
  /** True when the input is wrong by construction: exit 0 is then a failure. */
  readonly bad: boolean
  /** The named output (a file, or the figures' directory), which may change. */
  readonly out?: string
}

// -------------------------------------------------------------------------------------
// mutations
// -------------------------------------------------------------------------------------

/** Every path to a value in `v`, as keys and indices. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at)
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out))
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out)
  return out
}

function getAt(v: Json, path: readonly (string | number)[]): Json {
  return path.reduce<Json>((x, k) => (x as Record<string | number, Json>)[k]!, v)
}

function setAt(v: Json, path: readonly (string | number)[], value: Json): Json {
  if (path.length === 0) return value
  const parent = getAt(v, path.slice(0, -1)) as Record<string | number, Json>
  parent[path[path.length - 1]!] = value
  return v
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!

/** A value of another JSON type than `x`: always refused where a codec expects `x`'s type. */
function otherType(rng: Rng, x: Json): Json {
  if (typeof x === 'number') return pick(rng, ['1', 'x', true, null, [1], { n: 1 }] as Json[])
  if (typeof x === 'string') return pick(rng, [7, true, null, [x]] as Json[])
  if (typeof x === 'boolean') return pick(rng, ['yes', 1, null] as Json[])
  return pick(rng, ['x', 3, true] as Json[])
}

/** Equations that must be refused wherever they stand: code, object properties, kinks, syntax errors, sizes (up to 10 000 deep and 1 MB). */
const hostileEquations: readonly string[] = [
  'dv/dt = process.exit(3)',
  "dv/dt = require('fs').rmSync('.', { recursive: true })",
  'dv/dt = constructor.constructor("return process")().exit(3)',
  'dv/dt = constructor',
  'dv/dt = __proto__',
  'dv/dt = abs(v)',
  'dv/dt = (v',
  'dv/dt = v ** 2',
  'dv/dt = v / 0',
  'v = eval(v)',
  `dv/dt = ${'('.repeat(300)}v${')'.repeat(300)}`,
  `dv/dt = ${'v+'.repeat(1500)}v`,
  `dv/dt = ${'('.repeat(10_000)}v${')'.repeat(10_000)}`,
  `dv/dt = ${'v + '.repeat(250_000)}v`,
]

/** Mutations of parsed JSON that make it wrong by construction. */
const badJsonMutations: readonly [string, (rng: Rng, v: Json) => Json | undefined][] = [
  [
    'a leaf of another type',
    (rng, v) => {
      const leaves = paths(v).filter((p) => p.length > 0 && p[0] !== 'weights' && p[0] !== 'best' && typeof getAt(v, p) !== 'object')
      if (leaves.length === 0) return undefined
      const p = pick(rng, leaves)
      return setAt(v, p, otherType(rng, getAt(v, p)))
    },
  ],
  [
    'an unknown field',
    (rng, v) => {
      const objects = paths(v).filter((p) => {
        const x = getAt(v, p)
        return x !== null && typeof x === 'object' && !Array.isArray(x) && !p.includes('weights') && !p.includes('params') && !p.includes('buffers') && !p.includes('scores')
      })
      const p = pick(rng, objects)
      ;(getAt(v, p) as Record<string, Json>)[pick(rng, ['solvr', 'sizez', 'zzz', 'pluginz', 'rtoll'])] = 1
      return v
    },
  ],
  [
    'a plugin that is code',
    (rng, v) => {
      const plugins = (v as { plugins?: Json; spec?: { plugins?: Json } }).plugins ?? (v as { spec?: { plugins?: Json } }).spec?.plugins
      if (!Array.isArray(plugins)) return undefined
      plugins.push(pick(rng, ['./evil.mjs', '../evil.mjs', '/tmp/evil.mjs', 'data:text/javascript,globalThis.fuzzRan=1', 'node:child_process', 'fs', 'fp-ts/lib/Either.js', 'file:///etc/passwd', 'Bad Name']))
      return v
    },
  ],
  [
    'deep nesting',
    (rng, v) => {
      const p = pick(rng, paths(v).filter((q) => q.length > 0))
      let x: Json = getAt(v, p)
      for (let i = 0; i < 70 + rng.int(1000); i++) x = [x]
      return setAt(v, p, x)
    },
  ],
  [
    'an equation made hostile or wrong',
    (rng, v) => {
      // the strings an equation neuron parses, in the plugin form (examples/izhikevich-equations.json)
      // or the shorthand (examples/adex-equations.json): each replacement is refused
      const texts = paths(v).filter((p) => p.includes('neuron') && ['equations', 'threshold', 'reset'].some((k) => p.includes(k)) && typeof getAt(v, p) === 'string')
      if (texts.length === 0) return undefined
      return setAt(v, pick(rng, texts), pick(rng, hostileEquations))
    },
  ],
  ['not an object at the top', (rng) => pick(rng, [[], [1, 2], 'model', 42, null] as Json[])],
  [
    'a plugin name with terminal control sequences',
    (rng, v) => {
      // a task, neuron, gate or loss named with escape sequences: no plugin has that name
      const named = paths(v).filter((p) => p[p.length - 1] === 'name' && ['task', 'neuron', 'gate', 'losses'].includes(String(p[p.length - 2] ?? p[p.length - 3])) && typeof getAt(v, p) === 'string')
      if (named.length === 0) return undefined
      const p = pick(rng, named)
      return setAt(v, p, `${getAt(v, p) as string}${pick(rng, ['\x1b]0;owned\x07\x1b[2J', '\x1b[31m\r', '\u202e', '\x00\x9b'])}`)
    },
  ],
  [
    'a top-level __proto__ or constructor',
    (rng, v) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined
      const key = pick(rng, ['__proto__', 'constructor'])
      Object.defineProperty(v, key, { value: pick(rng, [{ polluted: 1 }, 1, 'x'] as Json[]), enumerable: true, configurable: true, writable: true })
      return v
    },
  ],
  [
    'a count or size out of bounds',
    (rng, v) => {
      const sized = paths(v).filter((p) => ['size', 'neurons', 'inputs', 'batchSize', 'maxSteps', 'duration'].includes(String(p[p.length - 1])) && typeof getAt(v, p) === 'number')
      if (sized.length === 0) return undefined
      const p = pick(rng, sized)
      // 0 is a size of nothing, 2.5 no count; a duration may be 2.5 ms, or its limit 100000 exceeded
      return setAt(v, p, p[p.length - 1] === 'duration' ? pick(rng, [1e9, -1, 0, 1e300]) : pick(rng, [1e9, 2 ** 53 - 1, -1, 0, 1e300, 2.5]))
    },
  ],
  [
    'a tolerance or rate out of range',
    (rng, v) => {
      const tuned = paths(v).filter((p) => ['rtol', 'atol', 'lr'].includes(String(p[p.length - 1])))
      if (tuned.length === 0) return undefined
      return setAt(v, pick(rng, tuned), pick(rng, [1e300, -1, 0, 1e-320]))
    },
  ],
]

/** Mutations that may or may not leave the input valid. */
const maybeJsonMutations: readonly [string, (rng: Rng, v: Json) => Json | undefined][] = [
  [
    'a number scaled',
    (rng, v) => {
      const numbers = paths(v).filter((p) => typeof getAt(v, p) === 'number')
      if (numbers.length === 0) return undefined
      const p = pick(rng, numbers)
      return setAt(v, p, (getAt(v, p) as number) * pick(rng, [-1, 10, 1e6, 0.5]))
    },
  ],
  [
    'a field removed',
    (rng, v) => {
      const fields = paths(v).filter((p) => p.length > 0 && typeof p[p.length - 1] === 'string')
      const p = pick(rng, fields)
      delete (getAt(v, p.slice(0, -1)) as Record<string, Json>)[p[p.length - 1] as string]
      return v
    },
  ],
]

/** Mutations of the text itself, all wrong by construction. */
const badTextMutations: readonly [string, (rng: Rng, text: string) => Buffer][] = [
  ['cut short', (rng, text) => Buffer.from(text.slice(0, rng.int(text.trimEnd().length - 1)))],
  ['UTF-16', (_rng, text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
  ['a stray character', (rng, text) => Buffer.from(`${text.slice(0, 1)}${pick(rng, ['#', ',', '}', "'"])}${text.slice(1)}`)],
  ['binary', (rng) => Buffer.from(Array.from({ length: 64 + rng.int(512) }, () => rng.int(256)))],
]

/** A character that acts on a terminal (C0 but newline, DEL, C1, bidirectional and line-separator controls): never printed raw. */
const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

// -------------------------------------------------------------------------------------
// the sandbox
// -------------------------------------------------------------------------------------

/** Hashes of every file under `dir` (FIFOs and devices by kind), by relative path. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name)
      const s = statSync(path)
      if (s.isDirectory()) walk(path)
      else out.set(relative(dir, path), s.isFile() ? createHash('sha1').update(readFileSync(path)).digest('hex') : 'special')
    }
  }
  walk(dir)
  return out
}

function changedFiles(before: Map<string, string>, after: Map<string, string>, dir: string, out: string | undefined): string[] {
  const named = out === undefined ? undefined : relative(dir, out)
  const allowed = (p: string): boolean => named !== undefined && (p === named || p.startsWith(`${named}/`) || p.startsWith(`${named.replace(/\.json$/, '')}-figures/`))
  const changed: string[] = []
  for (const [p, h] of after) if (before.get(p) !== h && !allowed(p)) changed.push(p)
  for (const p of before.keys()) if (!after.has(p) && !allowed(p)) changed.push(`${p} (removed)`)
  return changed
}

// -------------------------------------------------------------------------------------
// the test
// -------------------------------------------------------------------------------------

test(`fuzz — ${cases} seeded mutations of the example files and the command lines (seed ${seed}): no stack trace, no exit 0 on bad input, no hang, no file changed outside the named output`, async (t) => {
  const rng = new Rng(seed)
  const dir = await scratch()
  const examples = readdirSync(join(repositoryRoot, 'examples')).filter((f) => f.endsWith('.json')).sort()
  for (const f of examples) copyFileSync(join(repositoryRoot, 'examples', f), join(dir, f))
  const model = await savedTinyModel(tinyAutoencodeSpec(), 1)
  copyFileSync(model.path, join(dir, 'model.json'))
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(tinyAutoencodeSpec()))
  writeFileSync(join(dir, 'evil.mjs'), 'globalThis.fuzzRan = 1\n')
  execFileSync('mkfifo', [join(dir, 'pipe')])
  mkdirSync(join(dir, 'folder'))
  const inputs = { model: join(dir, 'model.json'), spec: join(dir, 'spec.json') }
  const outFile = join(dir, 'out.json')

  /** The command line that reads a file of this kind (cheap: 1 trial, 1 iteration, no figures). */
  const commandFor = (kind: string, path: string): Case => {
    if (kind === 'model') return { name: 'evaluate', args: ['evaluate', path, '--trials', '1'], bad: false }
    if (kind === 'spec') return { name: 'train', args: ['train', '--model-spec', path, '--out', outFile, '--force', '--iterations', '1', '--workers', '1', '--no-plot', '--evaluate-every', '0'], bad: false, out: outFile }
    return { name: 'gradient', args: ['gradient', '--config', path, '--out', outFile, '--memory', 'all'], bad: false, out: outFile }
  }

  const fileCase = (i: number): Case => {
    const kind = pick(rng, ['model', 'spec', ...examples.map((e) => `example:${e}`)])
    const source = kind === 'model' ? inputs.model : kind === 'spec' ? inputs.spec : join(dir, kind.slice('example:'.length))
    const text = readFileSync(source, 'utf8')
    const path = join(dir, `case-${i}.json`)
    const roll = rng.uniform()
    let how: string
    let bad = true
    if (roll < 0.15) {
      const [name, mutate] = pick(rng, badTextMutations)
      how = name
      writeFileSync(path, mutate(rng, text))
    } else {
      // inputs that may be valid run: only on the tiny model and specification, whose runs are short
      // (a solve is synchronous here, so a slow one cannot be cut off)
      const maybe = roll > 0.9 && (kind === 'model' || kind === 'spec')
      const [name, mutate] = pick(rng, maybe ? maybeJsonMutations : badJsonMutations)
      const mutated = mutate(rng, JSON.parse(text) as Json)
      how = name
      bad = !maybe
      if (mutated === undefined) {
        writeFileSync(path, `${text.slice(0, 10)}`)
        how = 'cut short'
        bad = true
      } else writeFileSync(path, JSON.stringify(mutated))
    }
    const command = commandFor(kind === 'model' || kind === 'spec' ? kind : 'config', path)
    return { ...command, name: `${command.name} of ${kind}, ${how}`, bad }
  }

  const argumentCase = (): Case => {
    const bases: Case[] = [
      commandFor('model', inputs.model),
      commandFor('spec', inputs.spec),
      commandFor('config', join(dir, pick(rng, examples))),
      { name: 'plot', args: ['plot', inputs.model, '--out', join(dir, 'figures'), '--trials', '1'], bad: false, out: join(dir, 'figures') },
    ]
    const base = pick(rng, bases)
    const args = [...base.args]
    const roll = rng.int(6)
    if (roll === 0) {
      // a numeric option given a value no parser accepts
      const numeric = args.flatMap((a, k) => (/^--(trials|iterations|workers|per-block|map-resolution)$/.test(a) ? [k + 1] : []))
      const at = numeric.length > 0 ? pick(rng, numeric) : -1
      const value = pick(rng, ['-1', 'abc', '1.5', '0x10', '1e400', '', '99999999999', 'NaN', ' '])
      if (at >= 0) args[at] = value
      else args.push('--trials', value)
      return { ...base, name: `${base.name}, a numeric option = ${JSON.stringify(value)}`, args, bad: true }
    }
    if (roll === 1) return { ...base, name: `${base.name}, an unknown option`, args: [...args, pick(rng, ['--bogus', '--solvr', '-z', '--iterations=oops'])], bad: true }
    const positional = args[0] === 'train' ? args.indexOf('--model-spec') + 1 : args[0] === 'gradient' ? args.indexOf('--config') + 1 : 1
    if (roll === 2) {
      const input = pick(rng, [join(dir, 'pipe'), '/dev/zero', join(dir, 'folder'), join(dir, 'absent.json'), join(dir, 'evil.mjs')])
      args[positional] = input
      return { ...base, name: `${base.name}, the input is ${relative(dir, input)}`, args, bad: true }
    }
    if (roll === 3 && base.out !== undefined && args[0] !== 'plot') {
      const copy = join(dir, `in-${rng.int(1e9)}.json`)
      copyFileSync(args[positional]!, copy)
      args[positional] = copy
      args[args.indexOf('--out') + 1] = copy
      return { ...base, name: `${base.name}, --out is its input`, args, bad: true, out: undefined }
    }
    if (roll === 4 && base.out !== undefined && args[0] !== 'plot') {
      const out = pick(rng, [join(dir, 'pipe'), join(dir, 'folder'), '/dev/null'])
      args[args.indexOf('--out') + 1] = out
      return { ...base, name: `${base.name}, --out is ${out.startsWith(dir) ? relative(dir, out) : out}`, args, bad: true, out: undefined }
    }
    return { ...base, name: `${base.name}, without its arguments`, args: [args[0]!], bad: args[0] !== 'train' }
  }

  const tally = { fileCases: 0, argumentCases: 0, bad: 0, exit0: 0, exit1: 0, exit2: 0, other: 0 }
  const failures: string[] = []
  const started = Date.now()
  for (let i = 0; i < cases; i++) {
    const c = rng.uniform() < 0.65 ? fileCase(i) : argumentCase()
    if (c.name.includes(' of ')) tally.fileCases++
    else tally.argumentCases++
    if (c.bad) tally.bad++
    const before = snapshot(dir)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), perCaseMs)))
    const caseStart = Date.now()
    const result = await Promise.race([spikegradInProcess(c.args), timeout])
    clearTimeout(timer)
    if (process.env.SPIKEGRAD_FUZZ_VERBOSE !== undefined) t.log(`${Date.now() - caseStart} ms #${i} ${c.name} → ${result === 'hang' ? 'hang' : result.code} ${result === 'hang' ? '' : result.stderr.split('\n')[0]!.slice(0, 200)}`)
    const show = `#${i} ${c.name}: spikegrad ${c.args.map((a) => (a.startsWith(dir) ? relative(dir, a) : a)).join(' ')}`
    if (result === 'hang') {
      failures.push(`${show}: no answer within ${perCaseMs / 1000} s`)
      break
    }
    const { code, stderr } = result
    if (code === 0) tally.exit0++
    else if (code === 1) tally.exit1++
    else if (code === 2) tally.exit2++
    else tally.other++
    if (stackFrame.test(stderr) || stderr.includes('unexpected error')) failures.push(`${show}: a stack trace or an unexpected error:\n${stderr}`)
    if (c.bad && code === 0) failures.push(`${show}: exit 0 on a wrong input`)
    if (code !== 0 && !stderr.startsWith('spikegrad: ')) failures.push(`${show}: exit ${code} without a message:\n${stderr}`)
    if (control.test(stderr) || control.test(result.stdout)) failures.push(`${show}: a raw control character printed:\n${JSON.stringify(stderr)}`)
    const changed = changedFiles(before, snapshot(dir), dir, c.out)
    if (changed.length > 0) failures.push(`${show}: changed ${changed.join(', ')}`)
    if ((globalThis as { fuzzRan?: number }).fuzzRan !== undefined) {
      failures.push(`${show}: ran code a file named as a plugin`)
      delete (globalThis as { fuzzRan?: number }).fuzzRan
    }
    if (c.out !== undefined && existsSync(c.out) && c.out === outFile) rmSync(c.out, { force: true })
  }
  const seconds = (Date.now() - started) / 1000
  t.log(
    `${tally.fileCases} file mutations and ${tally.argumentCases} command-line mutations (${tally.bad} wrong by construction) in ${seconds.toFixed(1)} s: ` +
      `exit 0: ${tally.exit0}, exit 1: ${tally.exit1}, exit 2: ${tally.exit2}, other: ${tally.other}; failures: ${failures.length}`,
  )
  t.deepEqual(failures, [])
})

// -------------------------------------------------------------------------------------
// the cases fuzzing found, each kept as a case of its own
// -------------------------------------------------------------------------------------

test('fuzz — what files say cannot act on the terminal: a task name with escape sequences and a control byte in JSON are printed escaped', async (t) => {
  const dir = await scratch()
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, JSON.stringify({ ...tinyAutoencodeSpec(), task: { name: 'auto\x1b]0;owned\x07\x1b[2Jencode' } }))
  const named = await spikegradInProcess(['train', '--model-spec', spec, '--out', join(dir, 'out.json'), '--iterations', '1', '--no-plot'])
  t.not(named.code, 0)
  t.false(control.test(named.stderr), JSON.stringify(named.stderr))
  t.true(named.stderr.includes('auto\\x1b]0;owned\\x07\\x1b[2Jencode'), named.stderr)
  writeFileSync(spec, '{"format": \x1b[2J\x07}')
  const parsed = await spikegradInProcess(['train', '--model-spec', spec, '--out', join(dir, 'out.json'), '--iterations', '1', '--no-plot'])
  t.not(parsed.code, 0)
  t.false(control.test(parsed.stderr), JSON.stringify(parsed.stderr))
  t.regex(parsed.stderr, /'\\x1b' \(a control character\)/)
  t.false(existsSync(join(dir, 'out.json')) || existsSync(join(dir, 'out.json.lock')), 'nothing written, no lock left')
})

test('fuzz — a model file whose optimiser state is another optimiser\'s (sgd, rmsprop) or holds an extra buffer is refused and left as it was', async (t) => {
  const { path } = await savedTinyModel(tinyAutoencodeSpec(), 1)
  const saved = JSON.parse(readFileSync(path, 'utf8')) as { optimizerState: { kind: string; buffers: Record<string, number[]> } }
  const cases: [string, (f: typeof saved) => void, RegExp][] = [
    ['kind sgd', (f) => void (f.optimizerState.kind = 'sgd'), /model\.optimizerState\.kind: is "sgd", a state of another optimiser than this one \("adam>lr"\)/],
    ['kind rmsprop', (f) => void (f.optimizerState.kind = 'rmsprop'), /model\.optimizerState\.kind: is "rmsprop"/],
    ['an extra buffer', (f) => void (f.optimizerState.buffers['adam.u'] = f.optimizerState.buffers['adam.m']!), /model\.optimizerState\.buffers\.adam\.u: is not a buffer of the optimiser adam>lr/],
  ]
  for (const [name, change, message] of cases) {
    const file = JSON.parse(JSON.stringify(saved)) as typeof saved
    change(file)
    const text = JSON.stringify(file)
    writeFileSync(path, text)
    for (const args of [['train', '--resume', path, '--iterations', '2', '--no-plot'], ['evaluate', path, '--trials', '1']]) {
      const r = await spikegradInProcess(args)
      t.not(r.code, 0, `${name}: ${args[0]} accepted it`)
      t.regex(r.stderr, message, `${name}: ${args[0]}`)
      t.is(readFileSync(path, 'utf8'), text, `${name}: ${args[0]} left the file as it was`)
      t.false(existsSync(`${path}.lock`), `${name}: no lock left`)
    }
  }
})

test('fuzz — train --resume with fewer iterations than the model has taken refuses, writing nothing; the saved length still resumes', async (t) => {
  const { path } = await savedTinyModel(tinyAutoencodeSpec(), 2)
  const before = readFileSync(path, 'utf8')
  const r = await spikegradInProcess(['train', '--resume', path, '--iterations', '1', '--no-plot'])
  t.is(r.code, 2)
  t.regex(r.stderr, /has already taken 2 iterations; --iterations 1 would end the run before where it stands\. Give a length of at least 2 iterations/)
  t.is(readFileSync(path, 'utf8'), before, 'the file is as it was')
  t.false(existsSync(`${path}.lock`), 'no lock left')
})

test('fuzz — a top-level "__proto__" or "constructor" in a model file, a specification or a network configuration is refused as an unknown field', async (t) => {
  const dir = await scratch()
  const { path: model } = await savedTinyModel(tinyAutoencodeSpec(), 1)
  const files: [string, string[]][] = [
    [model, ['evaluate', '%', '--trials', '1']],
    [join(dir, 'spec.json'), ['train', '--model-spec', '%', '--out', join(dir, 'out.json'), '--iterations', '1', '--no-plot']],
    [join(dir, 'net.json'), ['gradient', '--config', '%']],
  ]
  writeFileSync(files[1]![0], JSON.stringify(tinyAutoencodeSpec()))
  copyFileSync(join(repositoryRoot, 'examples', 'lif-poly-bump.json'), files[2]![0])
  for (const [path, args] of files) {
    const text = readFileSync(path, 'utf8').trim()
    for (const key of ['__proto__', 'constructor']) {
      writeFileSync(path, `{"${key}": {"polluted": 1}, ${text.slice(1)}`)
      const r = await spikegradInProcess(args.map((a) => (a === '%' ? path : a)))
      t.not(r.code, 0, `${args[0]} accepted a top-level ${key}`)
      t.regex(r.stderr, new RegExp(`\\.${key}: unknown field`), `${args[0]}: ${r.stderr}`)
    }
  }
  t.is(({} as { polluted?: number }).polluted, undefined, 'nothing polluted')
  t.false(existsSync(join(dir, 'out.json')) || existsSync(join(dir, 'out.json.lock')), 'nothing written, no lock left')
})
