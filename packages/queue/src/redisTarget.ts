import { left, right, type Either } from 'fp-ts/lib/Either.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A Redis server to connect to: its URL, and the same URL fit to print (the password hidden). */
export interface RedisTarget {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. */
  readonly url: string
  /** The URL with any password replaced by `***`, for messages and logs. */
  readonly shown: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Checks a Redis URL: the scheme `redis:` or `rediss:` (TLS), a host, a port in 1–65535 if
 * given and a database number if given. A failure is a message that names the URL (its
 * password hidden) and shows the expected form.
 * @example
 *   redisTarget('redis://127.0.0.1:6379')        // right({ url, shown: 'redis://127.0.0.1:6379' })
 *   redisTarget('rediss://:secret@host:6380/2')  // shown: 'rediss://:***@host:6380/2'
 */
export function redisTarget(text: string): Either<string, RedisTarget> {
  const form = 'give it as redis://host:port (or rediss://host:port for TLS; a password as redis://:password@host:port)'
  let parsed: URL
  try {
    parsed = new URL(text)
  } catch {
    return left(`the Redis URL "${hidePassword(text)}" is not a URL; ${form}`)
  }
  const shown = hidePassword(text)
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return left(`the Redis URL "${shown}" has the scheme "${parsed.protocol}"; ${form}`)
  if (parsed.hostname === '') return left(`the Redis URL "${shown}" names no host; ${form}`)
  if (parsed.port !== '' && !(Number(parsed.port) >= 1 && Number(parsed.port) <= 65535)) return left(`the Redis URL "${shown}" has the port ${parsed.port}; ${form}`)
  const db = parsed.pathname.replace(/^\//, '')
  if (db !== '' && !/^\d{1,5}$/.test(db)) return left(`the Redis URL "${shown}" has the path "${parsed.pathname}"; a path may only be a database number, e.g. redis://host:6379/0`)
  return right({ url: text, shown })
}

/** The URL with its password (if any) replaced by `***`. */
export function hidePassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@')
}
