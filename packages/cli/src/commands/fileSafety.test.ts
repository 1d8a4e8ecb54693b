import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import test from 'ava'
import { repositoryRoot, spikegrad, stackFrame } from '../spawnCli.test-kit.js'
import { scratch, spikegradAsync, tinyAutoencodeSpec, tinyXorArgs } from '../train/tinyRuns.test-kit.js'

const example = (name: string): string => join(repositoryRoot, 'examples', `${name}.json`)

/** The id of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString())
}

/** A model file without its wall-clock and CPU times, which differ between runs. */
function withoutTimes(path: string): unknown {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { history: { iterations: { wallTime?: number; cpuTime?: number }[] } }
  for (const record of file.history.iterations) {
    delete record.wallTime
    delete record.cpuTime
  }
  return file
}

test('gradient --out equal to --config is refused (exit 2) and the configuration is unchanged, also through another name', async (t) => {
  const dir = await scratch()
  const config = join(dir, 'net.json')
  copyFileSync(example('lif-poly-bump'), config)
  const before = readFileSync(config, 'utf8')
  for (const out of [config, join(dir, '.', 'net.json')]) {
    const { code, stderr } = spikegrad(['gradient', '--config', config, '--out', out])
    t.is(code, 2)
    t.is(stderr, `spikegrad: --out ${out} is the same file as --config ${config}: the result would replace its input; choose another file with --out\n`)
  }
  t.is(readFileSync(config, 'utf8'), before)
})

test('gradient --out on a special file (a FIFO) is refused before the gradient is computed, and the FIFO stays', async (t) => {
  const dir = await scratch()
  const fifo = join(dir, 'pipe')
  execFileSync('mkfifo', [fifo])
  const { code, stderr } = spikegrad(['gradient', '--config', example('lif-poly-bump'), '--out', fifo])
  t.is(code, 2)
  t.is(stderr, `spikegrad: --out ${fifo} is a special file (a FIFO, a device or a socket); only a regular file is written: give a file's path\n`)
  t.notRegex(stderr, stackFrame)
  t.true(lstatSync(fifo).isFIFO())
})

test('train --model-spec equal to --out is refused (exit 2) and the specification is unchanged', async (t) => {
  const dir = await scratch()
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, JSON.stringify(tinyAutoencodeSpec()))
  const before = readFileSync(spec, 'utf8')
  const { code, stderr } = await spikegradAsync(['train', '--model-spec', spec, '--out', spec, '--force', '--iterations', '1', '--workers', '1', '--no-plot'])
  t.is(code, 2)
  t.is(stderr, `spikegrad: --out ${spec} is the same file as --model-spec ${spec}: the result would replace its input; choose another file with --out\n`)
  t.is(readFileSync(spec, 'utf8'), before)
})

test('train --out a directory says it is a directory and how to name the file', async (t) => {
  const dir = await scratch()
  const { code, stderr } = await spikegradAsync(tinyXorArgs(dir, '--iterations', '1', '--no-plot'))
  t.is(code, 2)
  t.is(stderr, `spikegrad: --out ${dir} is a directory; give the model file's path, e.g. --out ${join(dir, 'model.json')}\n`)
})

test('train — a model file another running process holds is refused naming its pid, and left as it was; a stale lock is taken over and removed at the end', async (t) => {
  const dir = await scratch()
  const out = join(dir, 'model.json')
  writeFileSync(out, 'the other run\'s checkpoint')
  writeFileSync(`${out}.lock`, `${process.pid}\n`)
  const refused = await spikegradAsync(tinyXorArgs(out, '--iterations', '1', '--no-plot', '--force'))
  t.is(refused.code, 1)
  t.regex(refused.stderr, new RegExp(`another run \\(process ${process.pid}\\) is writing it; wait for it to finish or choose another file with --out`))
  t.is(readFileSync(out, 'utf8'), 'the other run\'s checkpoint')
  const resumed = await spikegradAsync(['train', '--resume', out, '--workers', '1', '--no-plot'])
  t.is(resumed.code, 1)
  t.regex(resumed.stderr, new RegExp(`process ${process.pid}`))
  writeFileSync(`${out}.lock`, `${deadPid()}\n`)
  const taken = await spikegradAsync(tinyXorArgs(out, '--iterations', '1', '--no-plot', '--force'))
  t.is(taken.code, 0, taken.stderr)
  t.false(existsSync(`${out}.lock`))
})

test('train --resume — without options continues the run recorded in the file: the file equals an uninterrupted run\'s, evaluation history included', async (t) => {
  const dir = await scratch()
  const [whole, split] = [join(dir, 'whole.json'), join(dir, 'split.json')]
  const args = (out: string) => tinyXorArgs(out, '--iterations', '6', '--checkpoint-every', '1', '--evaluate-every', '2', '--evaluate-trials', '2', '--no-plot')
  const straight = await spikegradAsync(args(whole))
  t.is(straight.code, 0, straight.stderr)
  let sent = false
  const stopped = await spikegradAsync(args(split), (text, child) => {
    if (!sent && /\ntrain {2}iter 1\//.test(text)) {
      sent = true
      child.kill('SIGINT')
    }
  })
  t.is(stopped.code, 130, stopped.stderr)
  const partial = JSON.parse(readFileSync(split, 'utf8')) as { iteration: number }
  t.true(partial.iteration < 6)
  const resumed = await spikegradAsync(['train', '--resume', split, '--workers', '1', '--no-plot'])
  t.is(resumed.code, 0, resumed.stderr)
  t.deepEqual(withoutTimes(split), withoutTimes(whole))
})
