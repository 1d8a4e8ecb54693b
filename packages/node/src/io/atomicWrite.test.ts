import test from 'ava'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
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

test('writeFileAtomic — only a regular file is replaced: a FIFO (as a device would) is refused and stays what it was', (t) => {
  const dir = scratch()
  const fifo = join(dir, 'pipe')
  execFileSync('mkfifo', [fifo])
  const written = writeFileAtomic(fifo, 'x')
  t.true(isLeft(written) && written.left.message === `${fifo}: could not be written (it is a FIFO (named pipe), not a regular file; only regular files are replaced: choose a file path); the previous contents, if any, are unchanged.`, JSON.stringify(written))
  t.true(lstatSync(fifo).isFIFO())
  t.deepEqual(readdirSync(dir), ['pipe'])
})

test('writeFileAtomic — temporary files of the target left by a killed process are removed; those of a running one and of other files stay', (t) => {
  const dir = scratch()
  const dead = deadPid()
  const stale = `.model.json.${dead}.0123456789ab.tmp`
  const live = `.model.json.${process.ppid}.0123456789ab.tmp`
  const other = `.other.json.${dead}.0123456789ab.tmp`
  for (const name of [stale, live, other]) writeFileSync(join(dir, name), 'partial')
  t.true(isRight(writeFileAtomic(join(dir, 'model.json'), '{}')))
  t.deepEqual(readdirSync(dir).sort(), [live, other, 'model.json'].sort())
})

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}
