import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import test from 'ava'
import { scratch, spikegradAsync, spikegradInProcess } from '../train/tinyRuns.test-kit.js'

/**
 * The Yin-Yang benchmark reduced for CI: the recipe (spike encoding, LIF neurons read out
 * linearly, cross-entropy) with 40 hidden neurons, 400 training samples and 6 epochs, the
 * settings chosen on the validation split; the 200 test samples are scored once, at the end.
 * Deterministic: the same bits on every run.
 */
test('yinyang, reduced — 40 LIF neurons trained for 6 epochs on 400 samples reach ≥ 80 % on 200 held-out test samples', async (t) => {
  const out = join(await scratch(), 'model.json')
  const sizes = ['--task-param', 'trainSize=400', '--task-param', 'validationSize=200', '--task-param', 'testSize=200']
  const trained = await spikegradAsync(['train', 'yinyang', ...sizes, '--hidden', '40', '--epochs', '6', '--lr', '0.03', '--batch', '10', '--workers', '1', '--no-plot', '--out', out])
  t.is(trained.code, 0, trained.stderr)
  const file = JSON.parse(await readFile(out, 'utf8'))
  t.deepEqual([...new Set(file.history.evaluations.map((e: { split: string }) => e.split))], ['validation', 'train'], 'training looked at the training and validation splits only')
  const scored = await spikegradInProcess(['evaluate', out, '--split', 'test', '--json'])
  t.is(scored.code, 0, scored.stderr)
  const result = JSON.parse(scored.stdout)
  t.is(result.trials, 200)
  t.true(result.accuracy >= 0.8, `test accuracy ${result.accuracy}`)
  t.log(`test accuracy ${result.accuracy}, best validation ${file.best.score} after ${file.best.iteration} of 240 iterations`)
})
