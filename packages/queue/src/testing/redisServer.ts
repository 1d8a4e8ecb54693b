import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import type { TestFn } from 'ava'

/**
 * A real Redis for tests (`@spikegrad/queue/testing`): `redis-server` on 127.0.0.1 at a free
 * port, with no persistence, started and stopped by the test file. Without the binary, tests
 * fail under CI (CI set) with a message that says to install it, and are skipped elsewhere
 * with a title that says why — so that a plain `npm test` needs no Redis.
 */

/** A running server. */
export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops it (SIGTERM, then waits for it to exit). */
  stop(): Promise<void>
}

/** Whether `redis-server` can be run here. */
export const redisInstalled = (): boolean => spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0

const missing = 'redis-server is not installed: install it (Debian/Ubuntu: apt-get install -y redis-server) to run the queue tests'

/**
 * ava's `test`, or — when redis-server is missing outside CI — a `test.skip` whose title says
 * so. Under CI a missing binary is a failing test, never a skip.
 * @example
 *   import test from 'ava'
 *   const redisTest = withRedis(test)
 */
export function withRedis(test: TestFn): TestFn {
  if (redisInstalled()) return test
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0') {
    test('redis-server is installed (the queue tests need it)', (t) => t.fail(missing))
    return test
  }
  const skip = ((title: string, ...rest: unknown[]) => (test.skip as (...a: unknown[]) => void)(`${title} [skipped: ${missing}]`, ...rest)) as unknown as TestFn
  // the hooks would start the server: they do nothing when every test is skipped
  const noHook = Object.assign(() => undefined, { always: () => undefined, skip: () => undefined })
  return Object.assign(skip, { serial: skip, before: noHook, after: noHook, beforeEach: noHook, afterEach: noHook, skip: test.skip }) as unknown as TestFn
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * Starts `redis-server --port <free> --bind 127.0.0.1 --save '' --appendonly no` (and any
 * `more` arguments, e.g. `['--requirepass', 'pw']`) and waits until it accepts connections.
 */
export async function startRedis(port?: number, more: readonly string[] = []): Promise<RedisServer> {
  const chosen = port ?? (await freePort())
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...more], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (/Ready to accept connections/.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with code ${code}:\n${output}`))
    })
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`${missing} (${e.message})`))
    })
  })
  child.stdout!.resume()
  // a test process that ends without stopping it (a timeout, a crash) takes it along
  const orphaned = (): void => void child.kill('SIGKILL')
  process.once('exit', orphaned)
  child.once('exit', () => process.off('exit', orphaned))
  return { port: chosen, url: `redis://127.0.0.1:${chosen}`, stop: () => stopProcess(child) }
}

/** Sends SIGTERM (SIGKILL after 5 s) and waits for the exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
