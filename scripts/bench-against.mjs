#!/usr/bin/env node
// Times this checkout's `spikegrad bench` cases against another commit's, in one run:
//
//     npm run bench:against -- <git-ref> [--rounds R] [bench options, e.g. --n 80 --t 500]
//
// The other commit is exported (git archive) into a temporary folder, installed from its own
// lockfile and built; then the two builds run each case alternately, R rounds (default 5), one
// timed run per round and process, so that both see the same machine. It prints, per case, the
// median forward and gradient times of each build and their ratios (this / other: below 1 is
// faster here), and checks that both computed the same loss.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const ref = args.shift()
if (ref === undefined || ref.startsWith('-')) {
  console.error('usage: npm run bench:against -- <git-ref> [--rounds R] [bench options]')
  process.exit(2)
}
let rounds = 5
const at = args.indexOf('--rounds')
if (at >= 0) {
  rounds = Number(args[at + 1])
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`--rounds: expected a positive integer, got ${JSON.stringify(args[at + 1])}`)
    process.exit(2)
  }
  args.splice(at, 2)
}

const other = mkdtempSync(join(tmpdir(), 'spikegrad-bench-against-'))
try {
  console.error(`bench:against: exporting ${ref} and building it`)
  const archive = execFileSync('git', ['archive', '--format=tar', ref], { cwd: here, maxBuffer: 1 << 30 })
  execFileSync('tar', ['-x', '-C', other], { input: archive })
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: other, stdio: ['ignore', 'ignore', 'inherit'] })
  execFileSync('npx', ['tsc', '-b'], { cwd: other, stdio: 'inherit' })
  const builds = { here, other }
  const runs = { here: new Map(), other: new Map() }
  for (let r = 1; r <= rounds; r++) {
    for (const which of r % 2 === 1 ? ['here', 'other'] : ['other', 'here']) {
      const main = join(builds[which], 'packages/cli/dist/main.js')
      const out = spawnSync(process.execPath, [main, 'bench', '--json', '--no-accuracy', '--no-batch', '--repeats', '1', ...args], { encoding: 'utf8' })
      if (out.status !== 0) throw new Error(`${which === 'here' ? 'this checkout' : ref}: bench failed:\n${out.stderr}`)
      for (const line of out.stdout.trim().split('\n')) {
        const c = JSON.parse(line)
        if (c.kind !== 'case') continue
        const key = `N=${c.n} T=${c.tMs} ms`
        const list = runs[which].get(key) ?? []
        list.push(c)
        runs[which].set(key, list)
      }
      console.error(`bench:against: round ${r}/${rounds} ${which === 'here' ? 'this checkout' : ref} done`)
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
  }
  console.log(`this checkout against ${ref}: medians of ${rounds} alternating runs per build (ratio = this / ${ref})`)
  console.log('case                 forward ms (this, other, ratio)    gradient ms (this, other, ratio)   same loss')
  for (const [key, mine] of runs.here) {
    const theirs = runs.other.get(key) ?? []
    const f = [median(mine.map((c) => c.forwardMs)), median(theirs.map((c) => c.forwardMs))]
    const g = [median(mine.map((c) => c.gradientMs)), median(theirs.map((c) => c.gradientMs))]
    const same = mine.every((c) => theirs.every((d) => Math.abs(c.loss - d.loss) <= 1e-12 * Math.abs(d.loss)))
    console.log(
      `${key.padEnd(20)} ${f[0].toFixed(1).padStart(9)} ${f[1].toFixed(1).padStart(9)} ${(f[0] / f[1]).toFixed(3).padStart(7)}` +
        `       ${g[0].toFixed(1).padStart(9)} ${g[1].toFixed(1).padStart(9)} ${(g[0] / g[1]).toFixed(3).padStart(7)}      ${same ? 'yes' : 'NO'}`,
    )
  }
} catch (error) {
  console.error(`bench:against: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  rmSync(other, { recursive: true, force: true })
}
