import test from 'ava'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { lockModelFile } from './modelFileLock.js'

const scratch = (): string => mkdtempSync(join(tmpdir(), 'spikegrad-lock-'))

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

test('lockModelFile — creates <path>.lock with the pid, and release removes it', (t) => {
  const path = join(scratch(), 'model.json')
  const lock = lockModelFile(path)
  if (!isRight(lock)) return t.fail(lock.left.message)
  t.is(readFileSync(`${path}.lock`, 'utf8'), `${process.pid}\n`)
  t.true(isRight(lockModelFile(path)), 'the same process may ask again')
  lock.right.release()
  t.false(existsSync(`${path}.lock`))
})

test('lockModelFile — a lock held by another running process is refused, naming its pid and the fix', (t) => {
  const path = join(scratch(), 'model.json')
  writeFileSync(`${path}.lock`, `${process.ppid}\n`)
  const lock = lockModelFile(path)
  t.true(isLeft(lock))
  if (isLeft(lock)) {
    t.is(
      lock.left.message,
      `${path}: could not be written (another run (process ${process.ppid}) is writing it; wait for it to finish or choose another file with --out (if no such run exists, remove ${path}.lock)); the previous contents, if any, are unchanged.`,
    )
  }
  t.is(readFileSync(`${path}.lock`, 'utf8'), `${process.ppid}\n`)
})

test('lockModelFile — a stale lock (its process is gone, or it is unreadable) is taken over', (t) => {
  for (const content of [`${deadPid()}\n`, 'garbage']) {
    const path = join(scratch(), 'model.json')
    writeFileSync(`${path}.lock`, content)
    const lock = lockModelFile(path)
    if (!isRight(lock)) return t.fail(lock.left.message)
    t.is(readFileSync(`${path}.lock`, 'utf8'), `${process.pid}\n`)
    lock.right.release()
  }
})
