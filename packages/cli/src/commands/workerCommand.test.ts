import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import avaTest from 'ava'
import { freePort, startRedis, stopProcess, withRedis } from '@spikegrad/queue/testing'
import { mainScript, repositoryRoot, spikegrad, stackFrame } from '../spawnCli.test-kit.js'
import { scratch, spikegradAsync, tinyXorArgs } from '../train/tinyRuns.test-kit.js'

const test = withRedis(avaTest)

test('worker — Redis unreachable at start: exit 1, one line naming the URL (password hidden), no stack trace', async (t) => {
  const port = await freePort()
  const { code, stderr } = spikegrad(['worker', '--redis', `redis://:s3cret@127.0.0.1:${port}`])
  t.is(code, 1)
  t.is(stderr, `spikegrad: cannot reach Redis at redis://:***@127.0.0.1:${port} (connection refused: nothing listens on that port); start redis-server there (apt-get install redis-server), or give the URL of a running one (--redis redis://host:port)\n`)
})

test('worker — no --redis, or a URL that is not redis://: a usage error (exit 2) with the expected form', (t) => {
  const none = spikegrad(['worker'])
  t.is(none.code, 2)
  t.is(none.stderr, 'spikegrad: give the Redis to take jobs from: --redis redis://host:port\n')
  const http = spikegrad(['worker', '--redis', 'http://127.0.0.1:6379'])
  t.is(http.code, 2)
  t.regex(http.stderr, /^spikegrad: the Redis URL "http:\/\/127\.0\.0\.1:6379" has the scheme "http:"; give it as redis:\/\/host:port/)
})

test('train --redis — Redis unreachable at start: exit 1 naming the URL, before any model file is written', async (t) => {
  const port = await freePort()
  const out = join(await scratch(), 'model.json')
  const { code, stderr } = spikegrad(tinyXorArgs(out, '--iterations', '1', '--redis', `redis://127.0.0.1:${port}`))
  t.is(code, 1)
  t.notRegex(stderr, stackFrame)
  t.regex(stderr, new RegExp(`^spikegrad: cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(connection refused`))
  t.false(existsSync(out))
})

test('train --redis with a spikegrad worker process writes the model of --workers 1, to the bit; the worker stops on SIGTERM', async (t) => {
  const redis = await startRedis()
  const worker = spawn(process.execPath, [mainScript, 'worker', '--redis', redis.url, '--concurrency', '2'], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] })
  let workerErr = ''
  worker.stderr!.on('data', (c: Buffer) => (workerErr += c.toString()))
  try {
    const dir = await scratch()
    const quick = ['--iterations', '2', '--no-plot', '--evaluate-every', '0']
    const queued = await spikegradAsync(tinyXorArgs(join(dir, 'queued.json'), ...quick, '--redis', redis.url))
    t.is(queued.code, 0, queued.stderr)
    t.regex(queued.stderr, new RegExp(`gradients as jobs on the queue at ${redis.url.replace(/\./g, '\\.')} \\(for spikegrad worker processes\\)`))
    const one = await spikegradAsync(tinyXorArgs(join(dir, 'one.json'), ...quick))
    t.is(one.code, 0, one.stderr)
    const a = JSON.parse(await readFile(join(dir, 'queued.json'), 'utf8'))
    const b = JSON.parse(await readFile(join(dir, 'one.json'), 'utf8'))
    t.deepEqual(a.weights, b.weights)
    t.deepEqual(a.optimizerState, b.optimizerState)
    t.deepEqual(a.history.iterations.map((r: any) => r.loss), b.history.iterations.map((r: any) => r.loss))
    await stopProcess(worker)
    t.is(worker.exitCode, 0, workerErr)
    t.regex(workerErr, /^worker \S+:\d+: taking gradient jobs from redis:\/\/127\.0\.0\.1:\d+ on 2 threads; Ctrl-C to stop\n[^]*worker: stopped\n$/)
  } finally {
    await stopProcess(worker)
    await redis.stop()
  }
})

test('train --redis rediss:// — the queue over TLS: a worker and a trainer that trust the server\'s authority run; one that does not is refused, naming the URL and the fix', async (t) => {
  const tls = join(repositoryRoot, 'packages', 'cli', 'fixtures', 'tls')
  const port = await freePort()
  const redis = await startRedis(undefined, ['--port', '0', '--tls-port', String(port), '--tls-cert-file', join(tls, 'server.crt'), '--tls-key-file', join(tls, 'server.key'), '--tls-ca-cert-file', join(tls, 'ca.crt'), '--tls-auth-clients', 'no'])
  const url = `rediss://127.0.0.1:${port}`
  const trusted = { ...process.env, CI: '1', NODE_EXTRA_CA_CERTS: join(tls, 'ca.crt') }
  const worker = spawn(process.execPath, [mainScript, 'worker', '--redis', url, '--concurrency', '1'], { env: trusted, stdio: ['ignore', 'ignore', 'pipe'] })
  let workerErr = ''
  worker.stderr!.on('data', (c: Buffer) => (workerErr += c.toString()))
  try {
    const out = join(await scratch(), 'model.json')
    const untrusted = spikegrad(tinyXorArgs(out, '--iterations', '1', '--redis', url), { NODE_EXTRA_CA_CERTS: '' })
    t.is(untrusted.code, 1)
    t.regex(untrusted.stderr, new RegExp(`^spikegrad: cannot reach Redis at rediss://127\\.0\\.0\\.1:${port} \\(its TLS certificate is not trusted: .*; for a private certificate authority, start spikegrad with NODE_EXTRA_CA_CERTS=<its ca\\.crt>\\)`))
    const queued = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [mainScript, ...tinyXorArgs(out, '--iterations', '1', '--no-plot', '--evaluate-every', '0', '--redis', url)], { env: trusted })
      let stderr = ''
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
      child.on('close', (code) => resolve({ code, stderr }))
    })
    t.is(queued.code, 0, `${queued.stderr}\n${workerErr}`)
    t.regex(queued.stderr, new RegExp(`gradients as jobs on the queue at rediss://127\\.0\\.0\\.1:${port}`))
    t.is(JSON.parse(await readFile(out, 'utf8')).iteration, 1)
  } finally {
    await stopProcess(worker)
    await redis.stop()
  }
})
