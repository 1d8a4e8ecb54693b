#!/usr/bin/env node
// The `spikegrad` executable. It is committed (dist/ is not) because `npm ci` links workspace
// bins before the root `prepare` script has built dist/: a bin pointing into dist/ would not
// be linked on a fresh clone. It only loads the built entry, or says how to build it.
import { existsSync } from 'node:fs'

const main = new URL('../dist/main.js', import.meta.url)
if (existsSync(main)) {
  await import(main.href)
} else {
  process.stderr.write('spikegrad is not built: run npm run build (in the spikegrad repository root)\n')
  process.exitCode = 1
}
