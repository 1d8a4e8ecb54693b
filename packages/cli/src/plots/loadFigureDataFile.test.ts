import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { UserError } from '../cliError.js'
import { sampleFigureData } from './figureData.test-kit.js'
import { loadFigureDataFile } from './loadFigureDataFile.js'

test('loadFigureDataFile — reads a JSON file holding FigureData', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-load-'))
  const path = join(dir, 'run.json')
  await writeFile(path, JSON.stringify(sampleFigureData()))
  t.deepEqual(await loadFigureDataFile(path), sampleFigureData())
})

test('loadFigureDataFile — a missing file, a directory and bad JSON are UserErrors naming the path', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-load-'))
  const bad = join(dir, 'bad.json')
  await writeFile(bad, '{"history": [1, 2,]}')
  const missing = join(dir, 'missing.json')
  await t.throwsAsync(loadFigureDataFile(missing), { instanceOf: UserError, message: new RegExp(`^${missing}: file not found`) })
  await t.throwsAsync(loadFigureDataFile(dir), { instanceOf: UserError, message: new RegExp(`^${dir}: .*directory`) })
  await t.throwsAsync(loadFigureDataFile(bad), {
    instanceOf: UserError,
    message: new RegExp(`^${bad}:1:19: not valid JSON: a trailing comma`),
  })
})
