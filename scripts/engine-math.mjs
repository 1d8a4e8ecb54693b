#!/usr/bin/env node
// Which Math functions give other bits in this Node than in the Chromium the browser test drives:
//
//     npm run engine-math          (tsc -b first: it uses the browser test's Chromium finder)
//
// Each function is evaluated at the same 20,000 arguments (a fixed integer generator, so the
// arguments are the same bits in both engines) in Node and in a headless Chromium page; it
// prints, per function, how many results differ and by at most how many units in the last
// place. The solvers' step-size control (pow, cbrt), the theta neuron (cos), the initial-weight
// draws (log), the losses (exp, log) and equation neurons (any of them) call these, which is why
// a run in the playground agrees with the CLI's to about 1e-4 and not to the bit.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { findChromium } = await import(join(root, 'test/dist/browser/findChromium.js'))

/** Results of each function at the same arguments, as [high, low] 32-bit words. Runs in either engine: self-contained. */
function probe(count) {
  let s = 123456789
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 4294967296
  }
  const cases = {
    'pow(x, -0.2…-0.5)': (a, b) => Math.pow(a * 10 + 1e-6, -(0.2 + b * 0.3)),
    'pow(x, 1/3)': (a) => Math.pow(a * 100, 1 / 3),
    'pow(x, n)': (a, b) => Math.pow(0.9 + a * 0.0999, Math.floor(b * 300) + 1),
    'x ** 2': (a) => (a * 7 - 3) ** 2,
    cbrt: (a) => Math.cbrt(a * 100),
    exp: (a) => Math.exp((a - 0.5) * 40),
    log: (a) => Math.log(a * 1000 + 1e-9),
    sin: (a) => Math.sin((a - 0.5) * 20),
    cos: (a) => Math.cos((a - 0.5) * 20),
    tanh: (a) => Math.tanh((a - 0.5) * 10),
    atan2: (a, b) => Math.atan2(a - 0.5, b - 0.5),
    sqrt: (a) => Math.sqrt(a * 100),
    hypot: (a, b) => Math.hypot(a, b),
  }
  const buf = new Float64Array(1)
  const words = new Uint32Array(buf.buffer)
  const out = {}
  for (const [name, f] of Object.entries(cases)) {
    s = 987654321
    const bits = []
    for (let i = 0; i < count; i++) {
      buf[0] = f(next(), next())
      bits.push(words[1], words[0])
    }
    out[name] = bits
  }
  return out
}

const count = 20000
const inNode = probe(count)
const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox'] })
const page = await browser.newPage()
const inChromium = await page.evaluate(`(${probe.toString()})(${count})`)
const version = browser.version()
await browser.close()

console.log(`Node ${process.versions.node} (V8 ${process.versions.v8}) against Chromium ${version}, ${count} arguments each:`)
const toBig = (hi, lo) => (BigInt(hi) << 32n) | BigInt(lo)
for (const name of Object.keys(inNode)) {
  let differ = 0
  let ulps = 0n
  for (let i = 0; i < 2 * count; i += 2) {
    const a = toBig(inNode[name][i], inNode[name][i + 1])
    const b = toBig(inChromium[name][i], inChromium[name][i + 1])
    if (a === b) continue
    differ++
    const d = a > b ? a - b : b - a
    if (d > ulps) ulps = d
  }
  console.log(`  ${name.padEnd(20)} ${String(differ).padStart(6)} differ (${((100 * differ) / count).toFixed(1)} %)${differ > 0 ? `, by at most ${ulps} ulp` : ''}`)
}
