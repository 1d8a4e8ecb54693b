import test from 'ava'
import { UserError } from '../cliError.js'
import { parseTaskParam } from './parseTaskParam.js'

test('--task-param — each use adds name=number to the record, a repeated name takes the last value', (t) => {
  let params = parseTaskParam('pulseDelayMin=30')
  params = parseTaskParam(' pulseDelayMax = 5e1 ', params)
  params = parseTaskParam('pulseDelayMin=-2.5', params)
  t.deepEqual(params, { pulseDelayMin: -2.5, pulseDelayMax: 50 })
})

test('--task-param — a value that is not name=<number> is a usage error naming the option', (t) => {
  for (const raw of ['pulseDelayMin', '=3', 'a=', 'a=ten', 'a=0x10', 'a=1=2']) {
    const error = t.throws(() => parseTaskParam(raw), { instanceOf: UserError })
    t.is(error?.exitCode, 2)
    t.is(error?.message, `--task-param must be name=<number>, got ${JSON.stringify(raw)} (e.g. --task-param pulseDelayMin=30)`)
  }
})
