import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import test from 'ava'
import { mainScript, repositoryRoot, stackFrame } from '../spawnCli.test-kit.js'
import { scratch, spikegradInProcess, tinyAutoencodeSpec } from '../train/tinyRuns.test-kit.js'

const example = (name: string): Record<string, any> => JSON.parse(readFileSync(join(repositoryRoot, 'examples', `${name}.json`), 'utf8'))

/** Writes `value` as JSON to `dir/name` and returns the path. */
const put = (dir: string, name: string, value: unknown): string => {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(value))
  return path
}

test('a shared configuration cannot run code: a data: URL, a path and a file beside it in "plugins" are refused (exit 2), nothing runs', async (t) => {
  const dir = await scratch()
  const marker = join(dir, 'ran')
  const code = `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(marker)}, 'x')`
  writeFileSync(join(dir, 'evil.mjs'), code)
  const entries = [`data:text/javascript,${encodeURIComponent(code)}`, join(dir, 'evil.mjs'), './evil.mjs', '../../evil.mjs']
  for (const entry of entries) {
    const config = put(dir, 'net.json', { ...example('lif-poly-bump'), plugins: [...example('lif-poly-bump').plugins, entry] })
    const gradient = await spikegradInProcess(['gradient', '--config', config])
    t.is(gradient.code, 2, gradient.stderr)
    t.regex(gradient.stderr, /config\.plugins\[4\]: ".*" is (a URL|a file path); plugins are loaded only by package name/)
    const spec = put(dir, 'spec.json', { ...tinyAutoencodeSpec(), plugins: [...tinyAutoencodeSpec().plugins, entry] })
    const train = await spikegradInProcess(['train', '--model-spec', spec, '--out', join(dir, 'm.json'), '--force', '--workers', '1', '--no-plot'])
    t.is(train.code, 2, train.stderr)
    t.regex(train.stderr, /model\.plugins\[\d+\]: ".*" is (a URL|a file path)/)
    t.notRegex(gradient.stderr + train.stderr, stackFrame)
  }
  t.false(existsSync(marker))
})

test('a spikegrad dependency is not a plugin: "fp-ts" in a configuration outside any project does not load', async (t) => {
  const dir = await scratch()
  const config = put(dir, 'net.json', { ...example('lif-poly-bump'), plugins: [...example('lif-poly-bump').plugins, 'fp-ts'] })
  const run = spawnSync(process.execPath, [mainScript, 'gradient', '--config', config], { cwd: dir, encoding: 'utf8', env: { ...process.env, SPIKEGRAD_DEBUG: '' } })
  t.is(run.status, 2)
  t.regex(run.stderr, /config\.plugins\[4\]: cannot load package "fp-ts": it is not installed in /)
})

test('counts that size memory or threads are bounded on the command line, naming the option and the limit', async (t) => {
  const cases: [string[], string][] = [
    [['train', 'xor', '--workers', '10000'], '--workers must be at most 256, got "10000" (e.g. --workers 2)'],
    [['train', 'xor', '--neurons', '9007199254740991'], '--neurons must be at most 1000000, got "9007199254740991" (e.g. --neurons 80)'],
    [['train', 'xor', '--hidden', '1000000000'], '--hidden must be at most 1000000, got "1000000000" (e.g. --hidden 80)'],
    [['plot', 'model.json', '--trials', '100000'], '--trials must be at most 100, got "100000" (e.g. --trials 2)'],
    [['plot', 'model.json', '--map-resolution', '100000'], '--map-resolution must be at most 1000, got "100000" (e.g. --map-resolution 40)'],
    [['evaluate', 'model.json', '--trials', '1000000000'], '--trials must be at most 1000000, got "1000000000" (e.g. --trials 500)'],
    [['train', 'xor', '--batch', '10000000'], '--batch must be at most 100000, got "10000000" (e.g. --batch 16)'],
  ]
  for (const [args, message] of cases) {
    const { code, stderr } = await spikegradInProcess(args)
    t.is(code, 2, args.join(' '))
    t.true(stderr.startsWith(`spikegrad: ${message}\n`), stderr)
  }
})

test('a task parameter that would make a trial last for days is refused with its range', async (t) => {
  const { code, stderr } = await spikegradInProcess(['train', 'xor', '--task-param', 'responseWindow=1e9', '--out', join(await scratch(), 'm.json')])
  t.is(code, 2)
  t.regex(stderr, /model\.task: xor task: parameter "responseWindow" = 1000000000 is out of range \[0, 100000\] ms/)
})

test('tolerances and learning rates out of any sensible range are refused by field', async (t) => {
  const dir = await scratch()
  const config = put(dir, 'net.json', { ...example('lif-poly-bump'), solver: { rtol: 1e300, atol: 1e300 } })
  const gradient = await spikegradInProcess(['gradient', '--config', config])
  t.is(gradient.code, 2)
  t.regex(gradient.stderr, /config\.solver\.rtol: expected a relative tolerance in \[1e-14, 0\.1\], got 1e\+300/)
  t.regex(gradient.stderr, /config\.solver\.atol: expected an? absolute tolerance in \[1e-300, 1\], got 1e\+300/)
  const spec = put(dir, 'spec.json', tinyAutoencodeSpec({ training: { batchSize: 2, schedule: { kind: 'constant', lr: 1e300 } } } as never))
  const train = await spikegradInProcess(['train', '--model-spec', spec, '--out', join(dir, 'm.json'), '--workers', '1', '--no-plot'])
  t.is(train.code, 2)
  t.regex(train.stderr, /model\.training\.schedule\.lr: expected a learning rate in \[1e-12, 10\], got 1e\+300/)
})
