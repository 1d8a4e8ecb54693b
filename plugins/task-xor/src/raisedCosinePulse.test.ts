import test from 'ava'
import { raisedCosinePulse } from './raisedCosinePulse.js'

test('raised-cosine pulse — peaks at 1 mid-way, vanishes outside, has area width / 2', (t) => {
  t.is(raisedCosinePulse(25, 20, 10), 1)
  t.is(raisedCosinePulse(19.9, 20, 10), 0)
  t.is(raisedCosinePulse(30.1, 20, 10), 0)
  let area = 0
  const h = 1e-3
  for (let x = 20 + h / 2; x < 30; x += h) area += h * raisedCosinePulse(x, 20, 10)
  t.true(Math.abs(area - 5) <= 1e-6, `area ${area}`)
})
