import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built `spikegrad` entry (dist/main.js). */
export const mainScript = fileURLToPath(new URL('./main.js', import.meta.url))

/** The repository root (this file is packages/cli/dist/spawnCli.test-kit.js once built). */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** A stack frame line, which no error output may contain. */
export const stackFrame = /^\s+at /m

/** Runs the built `spikegrad` executable as a child process, under CI, without SPIKEGRAD_DEBUG. */
export function spikegrad(args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [mainScript, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SPIKEGRAD_DEBUG: '', CI: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
