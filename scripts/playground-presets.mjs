#!/usr/bin/env node
// Trains the playground's presets from several seeds, in Node with the page's own training
// session (apps/playground/src, bundled by esbuild as the browser bundle is; one thread), or in
// headless Chromium on the built page (the seed field changed; 1 gradient worker):
//
//     npm run playground-presets -- autoencode 1-6              (tsc -b first)
//     npm run playground-presets -- xor 1,3,5
//     npm run build:web && node scripts/playground-presets.mjs yinyang 1-5 --chromium
//
// Each preset runs as it comes in the page (its network, rate, schedule, batch and iterations),
// with only the seed changed, and the score of where it stopped is printed beside the score the
// page documents for it (the bound under the task list, which the browser test holds each preset
// to from its own seed). It reproduces the rows of the tables in docs/playground.md. A
// measurement, not a test: the delayed XOR takes minutes a seed, Yin-Yang about a minute,
// auto-encoding seconds. Exit code 1 when a seed misses the documented score, 2 on a bad argument.
import 'reflect-metadata'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const usage = 'usage: npm run playground-presets -- <xor|autoencode|yinyang> <seeds: 1-6 or 1,3,5> [--chromium]'

/** The seeds of "1-6" or "1,3,5", or undefined when it is neither. */
function seedsOf(text) {
  const range = /^(\d+)-(\d+)$/.exec(text ?? '')
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])]
    return from >= 1 && to >= from && to - from < 100 ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : undefined
  }
  if (!/^\d+(,\d+)*$/.test(text ?? '')) return undefined
  const seeds = text.split(',').map(Number)
  return seeds.every((s) => s >= 1 && Number.isSafeInteger(s)) ? seeds : undefined
}

const args = process.argv.slice(2)
const inChromium = args.includes('--chromium')
const [taskName, seedText, ...rest] = args.filter((a) => a !== '--chromium')
const seeds = seedsOf(seedText)
if (!['xor', 'autoencode', 'yinyang'].includes(taskName) || seeds === undefined || rest.length > 0) {
  console.error(`playground-presets: ${taskName === undefined ? 'no task given' : !['xor', 'autoencode', 'yinyang'].includes(taskName) ? `no preset "${taskName}"` : seeds === undefined ? `"${seedText ?? ''}" is not a list of seeds` : `unexpected ${JSON.stringify(rest[0])}`}; ${usage}`)
  process.exit(2)
}

// the page's modules, bundled for Node (the NIR writer, loaded by the page on a click only, is left out)
const src = join(root, 'apps/playground/src')
const bundled = await build({
  absWorkingDir: root,
  stdin: {
    contents: ['presets', 'playgroundSpec', 'trainingSession'].map((m) => `export * from ${JSON.stringify(join(src, `${m}.ts`))}`).join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  platform: 'node',
  format: 'esm',
  bundle: true,
  external: ['@spikegrad/nir'],
  write: false,
  logLevel: 'silent',
})
const dir = mkdtempSync(join(tmpdir(), 'spikegrad-playground-presets-'))
const file = join(dir, 'playground.mjs')
writeFileSync(file, bundled.outputFiles[0].text)
const { neuronChoice, taskPreset, playgroundSpec, TrainingSession } = await import(pathToFileURL(file).href)
rmSync(dir, { recursive: true, force: true })

const preset = taskPreset(taskName)
const { expected } = preset
const bound = expected.atLeast !== undefined ? `≥ ${expected.atLeast}` : `≤ ${expected.atMost}`
console.log(`${preset.label}: ${preset.neurons} ${preset.neuron} neurons, ${preset.iterations} iterations of ${preset.batchSize} trials from ${preset.lr} (${preset.schedule}); documented: ${expected.name} ${bound} on ${expected.on}`)

/** The score of where the preset stopped from `seed`, trained by the page's session in this process, and its seconds. */
async function inNode(seed) {
  let score
  let error
  const session = new TrainingSession((event) => {
    if (event.type === 'score') score = event.score
    if (event.type === 'error') error = event.message
  })
  // the form as the page fills it for the preset: the neuron model's gate and width
  const { gate } = neuronChoice(preset.neuron)
  const spec = playgroundSpec({
    task: preset,
    neurons: preset.neurons,
    neuron: preset.neuron,
    neuronParams: preset.neuronParams,
    gate: gate.name,
    gateWidth: gate.width,
    tauS: preset.tauS,
    lr: preset.lr,
    schedule: preset.schedule,
    batchSize: preset.batchSize,
    iterations: preset.iterations,
    seed,
  })
  const started = process.hrtime.bigint()
  await session.handle({ type: 'create', spec, train: { iterations: preset.iterations, workers: 1 } })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (error !== undefined) return { error }
  return { score, seconds }
}

/** The page in headless Chromium: the preset chosen, its seed set, trained on 1 gradient worker. */
async function chromiumRunner() {
  const site = join(root, 'apps/playground/dist')
  if (!existsSync(join(site, 'index.html'))) {
    console.error('playground-presets: apps/playground/dist has no index.html; run npm run build:web first')
    process.exit(2)
  }
  const { chromium } = await import('playwright-core')
  const { findChromium } = await import(pathToFileURL(join(root, 'test/dist/browser/findChromium.js')).href)
  const { serveStatic } = await import(pathToFileURL(join(root, 'test/dist/browser/staticServer.js')).href)
  // --no-sandbox: Chromium's sandbox refuses to start as root
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: ['--no-sandbox'] })
  const served = await serveStatic(site, 'playground')
  const run = async (seed) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    try {
      await page.goto(served.url)
      await page.waitForSelector('#task option', { state: 'attached' })
      await page.selectOption('#task', preset.name)
      await page.fill('#seed', String(seed))
      await page.fill('#workers', '1')
      await page.click('#train')
      await page.waitForSelector('body[data-state="done"], #errors:not([hidden])', { timeout: 1_800_000, state: 'attached' })
      const errors = await page.$eval('#errors', (e) => (e.hidden ? [] : [...e.children].map((c) => c.textContent)))
      if (errors.length > 0) return { error: errors.join('; ') }
      await page.waitForSelector(`#score[data-iteration="${preset.iterations}"]`, { timeout: 120_000, state: 'attached' })
      const score = await page.$eval('#score', (e) => ({ name: e.dataset.name, value: Number(e.dataset.value), loss: Number(e.dataset.loss), iteration: Number(e.dataset.iteration) }))
      return { score, seconds: Number(await page.getAttribute('#status', 'data-seconds')) }
    } finally {
      await page.close()
    }
  }
  return { run, close: async () => (await browser.close(), await served.close()) }
}

const runner = inChromium ? await chromiumRunner() : { run: inNode, close: async () => {} }
console.log(`(${inChromium ? 'Chromium, the built page, 1 gradient worker' : 'Node, the page\'s training session, one thread'})`)
let missed = 0
for (const seed of seeds) {
  const { score, seconds, error } = await runner.run(seed)
  if (error !== undefined || score === undefined || score.iteration !== preset.iterations) {
    console.log(`seed ${seed}: ${error ?? `stopped at iteration ${score?.iteration ?? 0}`}`)
    missed++
    continue
  }
  const meets = expected.atLeast !== undefined ? score.value >= expected.atLeast : score.value <= expected.atMost
  if (!meets) missed++
  console.log(`seed ${seed}: ${score.name} ${score.value.toFixed(3)} (loss ${score.loss.toFixed(3)}) after ${score.iteration} iterations, ${seconds.toFixed(0)} s${meets ? '' : ` — misses the documented ${bound}`}`)
}
await runner.close()
process.exit(missed === 0 ? 0 : 1)
