import test from 'ava'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spikegrad, stackFrame } from '../spawnCli.test-kit.js'

interface SavedModel {
  readonly spec: {
    readonly network: { readonly populations: readonly { name: string; size: number; neuron: { name: string } }[]; readonly readout: unknown; readonly losses: readonly unknown[] }
    readonly taskLosses?: boolean
    readonly scoreBy?: unknown
  }
  readonly history: { readonly iterations: readonly { loss: number; gradientNorm: number; wallTime: number; cpuTime?: number }[]; readonly evaluations: readonly { iteration: number; split?: string; scores: Record<string, number> }[] }
}

// a small Yin-Yang: 40 training samples, 12 validation ones, 10 hidden neurons; 2 steps of 4 trials, scored after the second
const small = ['--neurons', '10', '--task-param', 'trainSize=40', '--task-param', 'validationSize=12', '--iterations', '2', '--batch', '4', '--workers', '1', '--no-plot', '--evaluate-every', '2']

test('train yinyang --readout first-spike — EventProp\'s architecture (output LIF neurons, first-spike cross-entropy) trains a few steps, scores by the first output spike, the same twice, evaluate agrees, and plot marks the target class on the output raster', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-first-spike-'))
  const runs = ['a.json', 'b.json'].map((out) => {
    const r = spikegrad(['train', 'yinyang', '--readout', 'first-spike', ...small, '--out', join(dir, out)])
    t.is(r.code, 0, r.stderr)
    return JSON.parse(readFileSync(join(dir, out), 'utf8')) as SavedModel
  })
  const m = runs[0]!
  t.deepEqual(m.spec.network.populations.map((p) => `${p.name}:${p.size}:${p.neuron.name}`), ['hidden:10:lif', 'output:3:lif'])
  t.deepEqual(m.spec.network.readout, { from: ['output'], size: 3, trained: false })
  t.deepEqual(m.spec.network.losses, [{ name: 'first-spike-cross-entropy', options: { population: 'output' } }])
  t.false(m.spec.taskLosses)
  t.deepEqual(m.spec.scoreBy, { firstSpike: 'output' })
  t.is(m.history.iterations.length, 2)
  for (const it of m.history.iterations) t.true(Number.isFinite(it.loss) && it.loss > 0 && it.gradientNorm > 0, JSON.stringify(it))
  const validation = m.history.evaluations.find((e) => e.split === 'validation')!
  t.deepEqual(Object.keys(validation.scores).sort(), ['accuracy', 'silent'])
  t.true(validation.scores.accuracy! >= 0 && validation.scores.accuracy! <= 1 - validation.scores.silent!, JSON.stringify(validation.scores))
  // deterministic: the second run is the first, bit for bit (but for the clock)
  const steps = (h: SavedModel['history']) => h.iterations.map(({ wallTime: _w, cpuTime: _c, ...rest }) => rest)
  t.deepEqual(steps(runs[1]!.history), steps(m.history))
  t.deepEqual(runs[1]!.history.evaluations, m.history.evaluations)
  // evaluate reads the model file's scoreBy and scores the same split the same way
  const ev = spikegrad(['evaluate', join(dir, 'a.json'), '--split', 'validation', '--json'])
  t.is(ev.code, 0, ev.stderr)
  const scored = JSON.parse(ev.stdout) as { accuracy: number; silent: number; confusion: { counts: number[][] } }
  t.is(scored.accuracy, validation.scores.accuracy)
  t.is(scored.silent, validation.scores.silent)
  t.is(scored.confusion.counts.flat().reduce((a, b) => a + b, 0), Math.round(12 * (1 - scored.silent)))
  // plot draws the output spikes with the trial's target class marked: a red triangle on the row that should fire first
  const figures = join(dir, 'figures')
  const plot = spikegrad(['plot', join(dir, 'a.json'), '--trials', '1', '--map-resolution', '3', '--map-points', 'validation', '--out', figures])
  t.is(plot.code, 0, plot.stderr)
  const raster = readFileSync(join(figures, 'sample-1-after-raster.svg'), 'utf8')
  t.regex(raster, /red: target: (yin|yang|dot) \(neuron [012] fires first\)/)
  t.is((raster.match(/fill="#dc2626"/g) ?? []).length, 1, 'one target mark')
  t.regex(raster, /aria-label="time \(ms\): 0; neuron: [012]; shape: triangle-right"/)
})

test('train --readout first-spike — refused with --model-spec (the specification says how it is read) and for a task that is not a classification', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-first-spike-'))
  const spec = spikegrad(['train', '--model-spec', join(dir, 'none.json'), '--readout', 'first-spike'])
  t.is(spec.code, 2)
  t.regex(spec.stderr, /--readout shapes a task's recipe/)
  const xor = spikegrad(['train', 'xor', '--readout', 'first-spike', '--out', join(dir, 'x.json')])
  t.is(xor.code, 2)
  t.notRegex(xor.stderr, stackFrame)
  t.regex(xor.stderr, /neuron "qif" of population "output" has no reset event/)
  t.log(xor.stderr.trim().split('\n').slice(0, 3).join('\n'))
})
