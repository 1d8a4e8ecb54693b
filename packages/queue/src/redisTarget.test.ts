import test from 'ava'
import { hidePassword, redisTarget } from './redisTarget.js'

test('redisTarget — redis:// and rediss:// URLs, with a user, a password and a database, are taken; the password is hidden in `shown`', (t) => {
  t.deepEqual(redisTarget('redis://127.0.0.1:6379'), { _tag: 'Right', right: { url: 'redis://127.0.0.1:6379', shown: 'redis://127.0.0.1:6379' } })
  t.deepEqual(redisTarget('rediss://:s3cret@cache.example.org:6380/2'), { _tag: 'Right', right: { url: 'rediss://:s3cret@cache.example.org:6380/2', shown: 'rediss://:***@cache.example.org:6380/2' } })
  const user = redisTarget('redis://trainer:pa55@host')
  t.true(user._tag === 'Right' && user.right.shown === 'redis://trainer:***@host')
})

test('redisTarget — a wrong scheme, a missing host, a bad port or path is refused with the expected form, the password still hidden', (t) => {
  const message = (url: string) => {
    const r = redisTarget(url)
    return r._tag === 'Left' ? r.left : 'accepted'
  }
  t.is(message('localhost:6379'), 'the Redis URL "localhost:6379" has the scheme "localhost:"; give it as redis://host:port (or rediss://host:port for TLS; a password as redis://:password@host:port)')
  t.is(message('127.0.0.1'), 'the Redis URL "127.0.0.1" is not a URL; give it as redis://host:port (or rediss://host:port for TLS; a password as redis://:password@host:port)')
  t.regex(message('http://:pw@host:1'), /^the Redis URL "http:\/\/:\*\*\*@host:1" has the scheme "http:"/)
  t.regex(message('redis://'), /^the Redis URL "redis:\/\/" names no host/)
  t.regex(message('redis://host/queue'), /has the path "\/queue"; a path may only be a database number/)
  t.is(hidePassword('redis://host:1'), 'redis://host:1')
})
