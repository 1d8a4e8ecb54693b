import test from 'ava'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spikegrad, stackFrame } from '../spawnCli.test-kit.js'
import { svgTexts, xmlProblems } from '../plots/svgCheck.test-kit.js'

// a small Yin-Yang: 40 training samples, 12 validation ones, 10 hidden neurons; 2 steps of 4 trials, scored after the second
const small = ['--neurons', '10', '--task-param', 'trainSize=40', '--task-param', 'validationSize=12', '--iterations', '2', '--batch', '4', '--workers', '1', '--no-plot', '--evaluate-every', '2']

test('train yinyang --delays synaptic — the recipe with a trained delay on every input connection trains and keeps its delays in [0, 20] ms, plot draws them; refusals name the option', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-delays-'))
  const out = join(dir, 'model.json')
  const r = spikegrad(['train', 'yinyang', '--delays', 'synaptic', ...small, '--out', out])
  t.is(r.code, 0, r.stderr)
  t.regex(r.stderr, /train: yinyang .*, 10 lif neurons .*, synaptic delays on hidden<-input, batch 4/)
  const m = JSON.parse(readFileSync(out, 'utf8')) as { spec: { network: { projections: { delay?: unknown }[] } }; weights: Record<string, number[][]>; history: { iterations: { loss: number }[] } }
  t.deepEqual(m.spec.network.projections.map((p) => p.delay), [{ kind: 'synaptic', init: { kind: 'uniform', min: 0, max: 2 }, max: 20 }])
  const delays = m.weights['delay:hidden<-input']!
  t.is(delays.length, 10)
  t.is(delays[0]!.length, 5)
  for (const d of delays.flat()) t.true(d >= 0 && d <= 20, `delay ${d}`)
  t.is(m.history.iterations.length, 2)
  t.true(m.history.iterations.every((it) => Number.isFinite(it.loss)))
  // plot: a histogram of the projection's delays before and after training
  const figures = join(dir, 'figures')
  const p = spikegrad(['plot', out, '--out', figures, '--trials', '1', '--map-resolution', '4'])
  t.is(p.code, 0, p.stderr)
  const name = 'parameter-delay-hidden--input.svg'
  t.true(readdirSync(figures).includes(name), `figures: ${readdirSync(figures).join(', ')}`)
  const svg = readFileSync(join(figures, name), 'utf8')
  t.deepEqual(xmlProblems(svg), [])
  const texts = svgTexts(svg)
  for (const text of ['delay:hidden<-input (ms)', 'synapses', 'before training', 'after training']) t.true(texts.includes(text), `missing "${text}" in ${texts.join(' | ')}`)
  t.true(texts.some((x) => x.includes('one value per synapse')), 'the title says what a value belongs to')
  const badKind = spikegrad(['train', 'yinyang', '--delays', 'sideways', ...small, '--out', join(dir, 'y.json')])
  t.is(badKind.code, 2)
  t.regex(badKind.stderr, /--delays.*sideways.*synaptic, axonal, dendritic/)
})

test('train yinyang --delays synaptic --readout first-spike — DelGrad\'s setting: delays on both projections of EventProp\'s architecture, trained on the first output spikes', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spikegrad-delays-ttfs-'))
  const out = join(dir, 'model.json')
  const r = spikegrad(['train', 'yinyang', '--delays', 'synaptic', '--readout', 'first-spike', ...small, '--out', out])
  t.is(r.code, 0, r.stderr)
  t.regex(r.stderr, /synaptic delays on hidden<-input, synaptic delays on output<-hidden/)
  const m = JSON.parse(readFileSync(out, 'utf8')) as { spec: { network: { losses: { name: string }[] } }; weights: Record<string, number[][]>; history: { iterations: { loss: number }[] } }
  t.deepEqual(m.spec.network.losses.map((l) => l.name), ['first-spike-cross-entropy'])
  for (const block of ['delay:hidden<-input', 'delay:output<-hidden']) {
    const delays = m.weights[block]
    if (delays === undefined) return t.fail(`no ${block} among ${Object.keys(m.weights).join(', ')}`)
    for (const d of delays.flat()) t.true(d >= 0 && d <= 20, `${block}: ${d}`)
  }
  t.is(m.history.iterations.length, 2)
  t.true(m.history.iterations.every((it) => Number.isFinite(it.loss)))
  t.notRegex(r.stderr, stackFrame)
})
