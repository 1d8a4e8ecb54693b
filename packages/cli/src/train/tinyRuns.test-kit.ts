import { spawn } from 'node:child_process'
import { Writable } from 'node:stream'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Model, ModelSpec, ModelSpecV1 } from '@spikegrad/core'
import { createModelFromJson, saveModel, train, type TrainOptions } from '@spikegrad/node'
import { runCli } from '../cliError.js'
import { commandRegistrars } from '../commands/registry.js'
import { builtinPlugins } from '../model/builtinPlugins.js'
import { buildProgram } from '../program.js'
import { mainScript, repositoryRoot } from '../spawnCli.test-kit.js'

/**
 * Tiny training runs for the tests: XOR trials of at most 50 ms (5 ms pulses, delays of
 * 10–15 ms, a 10 ms response window) and 40 ms one-channel auto-encoding trials, on 6–8
 * neurons in batches of 2, gradients in the training thread.
 */

/** The short XOR protocol, as --task-param options. */
export const tinyXorParams = [
  'pulseWidth=5',
  'firstPulseMin=2',
  'firstPulseMax=5',
  'pulseDelayMin=10',
  'pulseDelayMax=15',
  'cueDelayMin=10',
  'cueDelayMax=15',
  'responseWindow=10',
].flatMap((p) => ['--task-param', p])

/** `spikegrad train` arguments of a tiny XOR run writing to `out`. */
export const tinyXorArgs = (out: string, ...more: string[]): string[] => [
  'train',
  'xor',
  ...tinyXorParams,
  '--neurons',
  '8',
  '--batch',
  '2',
  '--workers',
  '1',
  '--evaluate-every',
  '2',
  '--evaluate-trials',
  '2',
  '--plot-trials',
  '1',
  '--out',
  out,
  ...more,
]

/** A tiny auto-encoding specification (6 neurons, 40 ms, a spike-count cost), for --model-spec. */
export const tinyAutoencodeSpec = (extra: Partial<ModelSpecV1> = {}): ModelSpecV1 => ({
  plugins: [...builtinPlugins],
  task: { name: 'autoencode', params: { channels: 1, duration: 40, correlationTime: 20 } },
  neuron: { name: 'qif' },
  gate: { name: 'raised-cosine', width: 0.6 * Math.PI },
  sizes: { neurons: 6 },
  tauS: 10,
  seed: 5,
  losses: [{ name: 'spike-count', params: { weight: 1e-3 } }],
  solver: { rtol: 1e-4, atol: 1e-6, memory: 'all' },
  training: { batchSize: 2, schedule: { kind: 'constant', lr: 0.05 } },
  ...extra,
})

/** A fresh model from a specification of either shape (plugins resolved from the repository). */
export async function tinyModel(spec: ModelSpec | ModelSpecV1): Promise<Model> {
  const model = await createModelFromJson(spec, repositoryRoot, builtinPlugins)
  if (model._tag === 'Left') throw new Error(model.left.message)
  return model.right
}

/** A fresh temporary directory. */
export const scratch = (): Promise<string> => mkdtemp(join(tmpdir(), 'spikegrad-train-'))

/**
 * Runs the built CLI asynchronously (under CI, so progress is plain lines); `onStderr` sees
 * stderr as it arrives and may signal the child. Resolves with the exit code (or the signal)
 * and the output.
 */
export function spikegradAsync(
  args: readonly string[],
  onStderr: (text: string, child: import('node:child_process').ChildProcess) => void = () => {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainScript, ...args], { env: { ...process.env, SPIKEGRAD_DEBUG: '', CI: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      onStderr(stderr, child)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/**
 * Runs `spikegrad ...args` in this process (the real command registry, output captured, no
 * SPIKEGRAD_DEBUG): as the executable would, without the cost of starting one. For command
 * lines that fail before any training.
 */
export async function spikegradInProcess(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' }
  const stream = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        out[key] += chunk.toString()
        done()
      },
    })
  const context = { stdout: stream('stdout'), stderr: stream('stderr'), env: { CI: '1' } }
  const code = await runCli(['node', 'spikegrad', ...args], (argv) => buildProgram(commandRegistrars, context).parseAsync([...argv]), {
    stderr: { write: (s: string) => (out.stderr += s) },
    env: {},
  })
  return { code, ...out }
}

/** The tiny XOR protocol's task (trials of at most 50 ms). */
export const tinyXorTask = {
  name: 'xor',
  params: { pulseWidth: 5, firstPulseMin: 2, firstPulseMax: 5, pulseDelayMin: 10, pulseDelayMax: 15, cueDelayMin: 10, cueDelayMax: 15, responseWindow: 10 },
}

/** A tiny model trained `iterations` steps in-process and saved to `<dir>/model.json`; returns the path and the model. */
export async function savedTinyModel(spec: ModelSpec | ModelSpecV1, iterations: number, options: Omit<TrainOptions, 'iterations'> = {}): Promise<{ path: string; model: Model }> {
  const trained = await train(await tinyModel(spec), { ...options, iterations })
  if (trained._tag === 'Left') throw new Error(trained.left.message)
  const path = join(await scratch(), 'model.json')
  const saved = saveModel(path, trained.right)
  if (saved._tag === 'Left') throw new Error(saved.left.message)
  return { path, model: trained.right }
}
