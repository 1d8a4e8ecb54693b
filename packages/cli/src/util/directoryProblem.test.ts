import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import test from 'ava'
import { directoryProblem } from './directoryProblem.js'

test('directoryProblem — a file where a directory should be is named as such, not as ENOTDIR', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'spikegrad-dir-'))
  writeFileSync(join(root, 'notes'), 'x')
  t.is(directoryProblem(join(root, 'notes', 'run'), { code: 'ENOTDIR' }), `${join(root, 'notes')} is a file, not a directory`)
})

test('directoryProblem — a read-only file system is said in words, at the nearest existing folder', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'spikegrad-dir-'))
  t.is(directoryProblem(join(root, 'a', 'b'), { code: 'EROFS' }), `${root} is on a read-only file system`)
})

test('directoryProblem — otherwise the system code is kept', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'spikegrad-dir-'))
  t.is(directoryProblem(join(root, 'a'), { code: 'EMFILE' }), 'EMFILE')
})
