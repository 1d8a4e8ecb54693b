import { readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import test from 'ava'
import { xmlProblems } from '../plots/svgCheck.test-kit.js'
import { spikegrad } from '../spawnCli.test-kit.js'
import { savedTinyModel, scratch, spikegradInProcess, tinyAutoencodeSpec, tinyXorTask } from '../train/tinyRuns.test-kit.js'

test('plot — a trained model file: the history and K sample trials before and after training, as SVG files listed on stdout', async (t) => {
  const { path } = await savedTinyModel({ ...tinyAutoencodeSpec(), task: tinyXorTask, losses: [] }, 2)
  const out = join(await scratch(), 'figures')
  const { code, stdout, stderr } = spikegrad(['plot', path, '--out', out, '--trials', '2'])
  t.is(code, 0, stderr)
  t.is(stderr, '')
  const files = (await readdir(out)).sort()
  t.deepEqual(files, [
    'history.svg',
    ...[1, 2].flatMap((k) => ['after-raster', 'after-readout', 'before-raster', 'before-readout'].map((f) => `sample-${k}-${f}.svg`)),
  ])
  t.deepEqual(stdout.trim().split('\n').sort(), files.map((f) => `wrote ${join(out, f)}`))
  for (const file of files) t.deepEqual(xmlProblems(await readFile(join(out, file), 'utf8')), [], file)
  const readout = await readFile(join(out, 'sample-1-after-readout.svg'), 'utf8')
  t.regex(readout, /xor, 6 qif neurons, 2 iterations: sample 1 \(held-out seed \d+\), after training: readout and target/)
})

test('plot — by default the figures go beside the model, in <model>-figures; an untrained model has no "before"', async (t) => {
  const { path } = await savedTinyModel(tinyAutoencodeSpec(), 0)
  const { code, stderr } = await spikegradInProcess(['plot', path, '--trials', '1'])
  t.is(code, 0, stderr)
  t.deepEqual((await readdir(join(dirname(path), 'model-figures'))).sort(), [
    'history.svg',
    'sample-1-after-raster.svg',
    'sample-1-after-readout.svg',
  ])
})

test('plot — --reference puts another method\'s result beside the score against training time; a malformed one is refused naming the form', async (t) => {
  const { path } = await savedTinyModel({ ...tinyAutoencodeSpec(), task: tinyXorTask, losses: [] }, 2, { evaluateEvery: 1 })
  const out = join(await scratch(), 'figures')
  const ok = await spikegradInProcess(['plot', path, '--out', out, '--trials', '1', '--reference', 'surrogate gradients=8.6:0.973', '--reference', 'other=1e-1:0.5'])
  t.is(ok.code, 0, ok.stderr)
  const svg = await readFile(join(out, 'score-vs-time.svg'), 'utf8')
  t.deepEqual(xmlProblems(svg), [])
  t.regex(svg, /surrogate gradients: 0\.973 after 8\.6 min/)
  t.regex(svg, /other: 0\.5 after 0\.1 min/)
  // a model never scored during training: the reference has nothing to stand beside, and plot says so
  const unscored = await savedTinyModel({ ...tinyAutoencodeSpec(), task: tinyXorTask, losses: [] }, 1)
  const none = await spikegradInProcess(['plot', unscored.path, '--out', join(await scratch(), 'f'), '--trials', '1', '--reference', 'x=1:0.5'])
  t.is(none.code, 0, none.stderr)
  t.regex(none.stderr, /plot: --reference drew nothing: the model was not scored during training/)
  for (const bad of ['8.6:0.973', 'x=-1:0.5', 'x=0x10:0.5', 'x=1:', 'x=1:2:3']) {
    const r = await spikegradInProcess(['plot', path, '--out', out, '--reference', bad])
    t.is(r.code, 2, `${bad}: ${r.stderr}`)
    t.regex(r.stderr, /--reference must read name=minutes:score/, bad)
    t.notRegex(r.stderr, /\n\s+at /, 'no stack trace')
  }
})
