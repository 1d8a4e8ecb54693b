import test from 'ava'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { writeFileAtomic } from './atomicWrite.js'

const scratch = (): string => mkdtempSync(join(tmpdir(), 'spikegrad-atomic-'))

test('writeFileAtomic — writes a new file and leaves no temporary file behind', (t) => {
  const dir = scratch()
  const path = join(dir, 'model.json')
  t.true(isRight(writeFileAtomic(path, '{"a": 1}')))
  t.is(readFileSync(path, 'utf8'), '{"a": 1}')
  t.deepEqual(readdirSync(dir), ['model.json'])
})

test('writeFileAtomic — replaces an existing file whole, keeps its permission bits, and writes bytes as given', (t) => {
  const dir = scratch()
  const path = join(dir, 'state.bin')
  writeFileSync(path, 'old contents that are longer than the new ones')
  chmodSync(path, 0o600)
  const bytes = Uint8Array.from([0, 1, 2, 255])
  t.true(isRight(writeFileAtomic(path, bytes)))
  t.deepEqual(Uint8Array.from(readFileSync(path)), bytes)
  t.is(statSync(path).mode & 0o777, 0o600)
  t.deepEqual(readdirSync(dir), ['state.bin'])
})

test('writeFileAtomic — a failure while writing leaves the old target intact and removes the temporary file', (t) => {
  const dir = scratch()
  const path = join(dir, 'model.json')
  writeFileSync(path, 'previous')
  // a buffer whose length cannot be read stands in for a disk that fails mid-write
  const failing = new Uint8Array(16)
  Object.defineProperty(failing, 'byteLength', {
    get() {
      throw new Error('ENOSPC: no space left on device')
    },
  })
  const result = writeFileAtomic(path, failing)
  t.true(isLeft(result))
  if (isLeft(result)) {
    t.is(result.left._tag, 'WriteFailed')
    t.true(result.left.message.includes(path), result.left.message)
    t.true(result.left.message.includes('no space left on device'), result.left.message)
  }
  t.is(readFileSync(path, 'utf8'), 'previous')
  t.deepEqual(readdirSync(dir), ['model.json'])
})

test('writeFileAtomic — a missing directory or a directory target is reported by name, never thrown', (t) => {
  const dir = scratch()
  const missing = writeFileAtomic(join(dir, 'nope', 'model.json'), 'x')
  t.true(isLeft(missing) && missing.left.message.includes(`the directory ${join(dir, 'nope')} does not exist`))
  mkdirSync(join(dir, 'sub'))
  const onDir = writeFileAtomic(join(dir, 'sub'), 'x')
  t.true(isLeft(onDir) && onDir.left.message.includes('it is a directory'))
  t.deepEqual(readdirSync(dir), ['sub'])
  t.deepEqual(readdirSync(join(dir, 'sub')), [])
})
