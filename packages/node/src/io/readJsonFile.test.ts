import test from 'ava'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLeft, type Either } from 'fp-ts/lib/Either.js'
import { readJsonFile } from './readJsonFile.js'
import type { IoError } from './ioError.js'

const dir = mkdtempSync(join(tmpdir(), 'spikegrad-json-'))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const failure = (result: Either<IoError, unknown>): IoError => {
  if (!isLeft(result)) throw new Error('expected a failure')
  return result.left
}

test('readJsonFile — parses a JSON file, with or without a byte-order mark', (t) => {
  t.deepEqual(readJsonFile(file('ok.json', '{"W": [[1, 2], [3, 4]], "tauS": 10}')), {
    _tag: 'Right',
    right: { W: [[1, 2], [3, 4]], tauS: 10 },
  })
  t.deepEqual(readJsonFile(file('bom.json', '\ufeff[1]')), { _tag: 'Right', right: [1] })
})

test('readJsonFile — a missing file is NotFound, and the message names the file', (t) => {
  const path = join(dir, 'absent.json')
  const error = failure(readJsonFile(path))
  t.is(error._tag, 'NotFound')
  t.is(error.message.split(':')[0], path)
  t.true(error.message.includes('file not found'))
})

test('readJsonFile — invalid JSON is NotJson at the line and column of the first error', (t) => {
  const path = file('bad.json', '{\n  "tauS": 10,\n  "W": [1, 2,],\n}\n')
  const error = failure(readJsonFile(path))
  t.like(error, { _tag: 'NotJson', line: 3, column: 14 })
  t.is(error.message, `${path}:3:14: not valid JSON: a trailing comma before ']'; remove the comma`)
})

test('readJsonFile — an empty file and a directory are reported, not thrown', (t) => {
  const empty = failure(readJsonFile(file('empty.json', '')))
  t.like(empty, { _tag: 'NotJson', line: 1, column: 1 })
  t.true(empty.message.includes('unexpected end of file'), empty.message)
  t.like(failure(readJsonFile(dir)), { _tag: 'ReadFailed' })
  t.true(failure(readJsonFile(dir)).message.includes('it is a directory'))
})

test('readJsonFile — a FIFO and a device are refused before they are opened (no hang, no endless read)', (t) => {
  const fifo = join(dir, 'pipe.json')
  execFileSync('mkfifo', [fifo])
  t.is(failure(readJsonFile(fifo)).message, `${fifo}: could not be read: it is a FIFO (named pipe), not a regular file; give the path of a JSON file`)
  t.is(failure(readJsonFile('/dev/zero')).message, '/dev/zero: could not be read: it is a character device, not a regular file; give the path of a JSON file')
})

test('readJsonFile — a file larger than the limit is refused by its size', (t) => {
  const path = file('big.json', `[${'0,'.repeat(600)}0]`)
  t.is(failure(readJsonFile(path, { maxBytes: 1000 })).message, `${path}: could not be read: it is 1203 bytes; files larger than 1000 bytes are not read`)
  t.deepEqual(readJsonFile(path, { maxBytes: 2000 })._tag, 'Right')
})

test('readJsonFile — JSON nested deeper than the limit is refused at the bracket that goes too deep, before parsing', (t) => {
  const path = file('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)
  t.is(failure(readJsonFile(path)).message, `${path}:1:65: not valid JSON: arrays and objects nested more than 64 levels deep; no spikegrad file nests that deep`)
  t.is(readJsonFile(file('strings.json', `["${'['.repeat(100)}"]`))._tag, 'Right', 'brackets inside strings do not count')
})

test('readJsonFile — a UTF-16 file is told to be saved as UTF-8', (t) => {
  const path = join(dir, 'utf16.json')
  writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": 1}', 'utf16le')]))
  t.is(failure(readJsonFile(path)).message, `${path}: could not be read: it is UTF-16LE encoded; save it as UTF-8`)
  writeFileSync(path, Buffer.from('{"a": 1}', 'utf16le'))
  t.is(failure(readJsonFile(path)).message, `${path}: could not be read: it is UTF-16LE encoded; save it as UTF-8`)
})
