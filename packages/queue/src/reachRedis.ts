import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { Redis } from 'ioredis'
import type { QueueError } from './queueError.js'
import type { RedisTarget } from './redisTarget.js'

/**
 * Connects to the Redis at `target` once, with no retries, and sends PING: whether a queue
 * can start there. Fails within about `timeoutMs` with a message that names the URL and the
 * reason (refused, unknown host, wrong password, timeout).
 */
export async function reachRedis(target: RedisTarget, timeoutMs = 5000): Promise<Either<QueueError, void>> {
  const client = new Redis(target.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  })
  let lastError: unknown
  client.on('error', (e) => (lastError = e))
  try {
    await withTimeout(client.connect(), timeoutMs)
    await withTimeout(client.ping(), timeoutMs)
    return right(undefined)
  } catch (e) {
    return left({ _tag: 'RedisUnreachable', url: target.shown, message: unreachableMessage(target, lastError ?? e) })
  } finally {
    client.disconnect()
  }
}

/** `cannot reach Redis at redis://host:port (connection refused); …`. */
export function unreachableMessage(target: RedisTarget, error: unknown): string {
  return `cannot reach Redis at ${target.shown} (${reason(error)}); start redis-server there (apt-get install redis-server), or give the URL of a running one (--redis redis://host:port)`
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code
  const message = error instanceof Error ? error.message : String(error)
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens on that port'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host'
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) return 'no answer in time'
  if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(message)) return `it refused the credentials: ${firstLine(message)}`
  if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return `its TLS certificate is not trusted: ${firstLine(message)}; for a private certificate authority, start spikegrad with NODE_EXTRA_CA_CERTS=<its ca.crt>`
  }
  return firstLine(message)
}

function firstLine(text: string): string {
  return text.split('\n')[0]!
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
