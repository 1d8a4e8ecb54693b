import { spawnSync } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import test from 'ava'
import { packageVersion } from './packageVersion.js'

const packageDir = fileURLToPath(new URL('../', import.meta.url))

test('bin/spikegrad.js — package.json points its bin at the committed, executable wrapper', (t) => {
  const pkg = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as { bin: Record<string, string>; files: string[] }
  t.deepEqual(pkg.bin, { spikegrad: './bin/spikegrad.js' })
  t.true(pkg.files.includes('bin'))
  t.notThrows(() => accessSync(`${packageDir}bin/spikegrad.js`, constants.X_OK))
  t.is(readFileSync(`${packageDir}bin/spikegrad.js`, 'utf8').split('\n')[0], '#!/usr/bin/env node')
})

test('bin/spikegrad.js — runs the built entry', (t) => {
  const r = spawnSync(process.execPath, [`${packageDir}bin/spikegrad.js`, '--version'], { encoding: 'utf8' })
  t.is(r.status, 0)
  t.is(r.stdout, `${packageVersion()}\n`)
})
