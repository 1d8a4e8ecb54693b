import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { UserError } from '../cliError.js'
import { writeFigures } from './writeFigures.js'

test('writeFigures — creates the directory, writes each figure and returns the paths in order', async (t) => {
  const dir = join(await mkdtemp(join(tmpdir(), 'spikegrad-fig-')), 'nested', 'figures')
  const written = await writeFigures(dir, { 'b.svg': '<svg>b</svg>', 'a.svg': '<svg>a</svg>' })
  t.deepEqual(written, [join(dir, 'b.svg'), join(dir, 'a.svg')])
  t.is(await readFile(join(dir, 'a.svg'), 'utf8'), '<svg>a</svg>')
  t.deepEqual((await readdir(dir)).sort(), ['a.svg', 'b.svg'], 'no temporary files left')
})

test('writeFigures — replaces an existing figure', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-fig-'))
  await writeFigures(dir, { 'h.svg': 'old' })
  await writeFigures(dir, { 'h.svg': 'new' })
  t.is(await readFile(join(dir, 'h.svg'), 'utf8'), 'new')
})

test('writeFigures — a name with a directory part is refused before anything is written', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-fig-'))
  await t.throwsAsync(writeFigures(dir, { 'ok.svg': 'x', '../escape.svg': 'x' }), { instanceOf: RangeError })
  t.deepEqual(await readdir(dir), [])
})

test('writeFigures — an output path that is a file is a UserError that says it is a file, with the --out fix', async (t) => {
  const file = join(await mkdtemp(join(tmpdir(), 'spikegrad-fig-')), 'taken')
  await writeFile(file, '')
  await t.throwsAsync(writeFigures(file, { 'h.svg': 'x' }), {
    instanceOf: UserError,
    message: `cannot create the directory ${file} (${file} is a file, not a directory); choose another one with --out`,
  })
})

test('writeFigures — a figure name taken by a directory is a UserError; the other files are written', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'spikegrad-fig-'))
  await mkdir(join(dir, 'h.svg'))
  const error = await t.throwsAsync(writeFigures(dir, { 'a.svg': 'a', 'h.svg': 'x' }), { instanceOf: UserError })
  t.regex(error?.message ?? '', /h\.svg.*could not be written.*Choose another directory with --out\.$/)
  t.is(await readFile(join(dir, 'a.svg'), 'utf8'), 'a')
})
