import test from 'ava'
import { decodeModelSpec, decodeNetworkConfig, modelSpecSchema, networkConfigSchema, type TaskRecipe } from '@spikegrad/core'
import { autoencodeRecipe } from '@spikegrad/task-autoencode'
import { xorRecipe } from '@spikegrad/task-xor'
import { yinYangRecipe } from '@spikegrad/task-yinyang'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { schemaProblems } from './support/jsonSchemaCheck.js'
import { repositoryRoot } from './support/repositoryRoot.js'

const specOf = (task: string, r: TaskRecipe) => ({
  format: 'spikegrad-spec/2',
  plugins: ['@spikegrad/neuron-qif'],
  task: { name: task, params: { trainSize: 10 } },
  network: r.network,
  seed: 7,
  solver: r.solver,
  training: { ...r.training, schedule: { kind: 'cosine', lr: 0.01, total: 10 } },
  run: r.run,
})
const specs = [specOf('xor', xorRecipe), specOf('autoencode', autoencodeRecipe), specOf('yinyang', yinYangRecipe)]

/** Every mutation of `value` that breaks its shape: an unknown field in each object, a string for each number, a number for each string, each required field removed. */
function* mutations(value: unknown, path: (string | number)[] = []): Generator<{ path: string; edit: (root: any) => void }> {
  const at = (root: any) => path.reduce((o, k) => o[k], root)
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    yield { path: `${path.join('.')}+zzz`, edit: (root) => void (at(root).zzz = 1) }
    for (const [k, v] of Object.entries(value)) yield* mutations(v, [...path, k])
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* mutations(value[i], [...path, i])
  } else if (typeof value === 'number') {
    yield { path: `${path.join('.')}=string`, edit: (root) => void (path.slice(0, -1).reduce((o: any, k) => o[k], root)[path.at(-1)!] = 'x') }
  } else if (typeof value === 'string') {
    yield { path: `${path.join('.')}=number`, edit: (root) => void (path.slice(0, -1).reduce((o: any, k) => o[k], root)[path.at(-1)!] = 5) }
  }
}

test('JSON schema of a model specification — every recipe\'s specification fits it, and the decoder accepts them', (t) => {
  const schema = modelSpecSchema()
  for (const spec of specs) {
    t.deepEqual(schemaProblems(schema, spec), [], spec.task.name)
    t.is(decodeModelSpec(spec)._tag, 'Right', spec.task.name)
  }
  t.deepEqual((schema.required as string[]).sort(), ['format', 'network', 'plugins', 'seed', 'task'])
})

test('JSON schema of a model specification — every shape-breaking mutation of a valid one is refused by the schema and by the decoder alike', (t) => {
  const schema = modelSpecSchema()
  let count = 0
  for (const spec of specs) {
    for (const m of mutations(spec)) {
      // the optimiser and schedule are checked by kind, after the shape: the schema describes them in words only
      if (/^training\.(optimizer|schedule)/.test(m.path) || m.path.endsWith('params+zzz')) continue // params are records: any parameter name fits the shape (the plugin checks it)
      const mutated = structuredClone(spec)
      m.edit(mutated)
      const bySchema = schemaProblems(schema, mutated).length > 0
      const byDecoder = decodeModelSpec(mutated)._tag === 'Left'
      t.true(bySchema && byDecoder, `${spec.task.name} ${m.path}: schema ${bySchema ? 'refuses' : 'accepts'}, decoder ${byDecoder ? 'refuses' : 'accepts'}`)
      count++
    }
  }
  t.true(count > 100, `${count} mutations`)
})

test('JSON schema of a network configuration — the example configurations fit it', (t) => {
  const schema = networkConfigSchema()
  const dir = join(repositoryRoot(), 'examples')
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
  t.true(files.length >= 5)
  for (const file of files) {
    const config = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    if (config.format !== 'spikegrad-network/2') continue
    t.deepEqual(schemaProblems(schema, config), [], file)
    t.is(decodeNetworkConfig(config)._tag, 'Right', file)
  }
})
