import test from 'ava'
import { modelSpecSchema, networkConfigSchema } from '@spikegrad/core'
import { spikegradInProcess } from '../train/tinyRuns.test-kit.js'

test('schema — prints the JSON Schema of a model specification (default) or of a network configuration; a wrong kind exits 2', async (t) => {
  const spec = await spikegradInProcess(['schema'])
  t.is(spec.code, 0, spec.stderr)
  t.deepEqual(JSON.parse(spec.stdout), modelSpecSchema())
  const network = await spikegradInProcess(['schema', 'network'])
  t.deepEqual(JSON.parse(network.stdout), networkConfigSchema())
  const wrong = await spikegradInProcess(['schema', 'model'])
  t.is(wrong.code, 2)
  t.regex(wrong.stderr, /^spikegrad: command-argument value 'model' is invalid for argument 'kind'\. Allowed choices are spec, network\.\n/)
})
