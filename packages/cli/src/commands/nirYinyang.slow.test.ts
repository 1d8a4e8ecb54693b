import { join } from 'node:path'
import test from 'ava'
import { repositoryRoot } from '../spawnCli.test-kit.js'
import { scratch, spikegradInProcess } from '../train/tinyRuns.test-kit.js'

test('export models/yinyang/model.json, import it, evaluate both on the test split: the same accuracy and loss to the bit', async (t) => {
  const dir = await scratch()
  const model = join(repositoryRoot, 'models/yinyang/model.json')
  const nir = join(dir, 'y.nir')
  const out = join(dir, 'y.json')
  const exported = await spikegradInProcess(['export', model, '--nir', nir])
  t.is(exported.code, 0, exported.stderr)
  const imported = await spikegradInProcess(['import', nir, '--out', out])
  t.is(imported.code, 0, imported.stderr)
  const score = async (path: string) => {
    const r = await spikegradInProcess(['evaluate', path, '--split', 'test', '--trials', '200', '--json'])
    t.is(r.code, 0, r.stderr)
    return JSON.parse(r.stdout) as { accuracy: number; loss: number; meanRateHz: number }
  }
  const original = await score(model)
  const back = await score(out)
  t.log(`accuracy ${original.accuracy} (original, best parameters) and ${back.accuracy} (imported) on 200 test trials`)
  t.is(back.accuracy, original.accuracy)
  t.is(back.loss, original.loss)
  t.is(back.meanRateHz, original.meanRateHz)
})
