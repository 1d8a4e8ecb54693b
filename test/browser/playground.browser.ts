import anyTest, { type ExecutionContext, type TestFn } from 'ava'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { repositoryRoot } from '../support/repositoryRoot.js'
import { findChromium } from './findChromium.js'
import { serveStatic, type StaticSite } from './staticServer.js'

// The playground in a real Chromium (`npm run test:browser`, not part of `npm test`): the built
// site (apps/playground/dist) served from a sub-folder, the page driven as a person would —
// it loads without a console error, trains, shows its pictures, and its model files are the
// CLI's both ways.

const test = anyTest as TestFn<{ browser: Browser; site: StaticSite; dir: string }>
const root = repositoryRoot()
const site = join(root, 'apps/playground/dist')
const cli = join(root, 'packages/cli/dist/main.js')

test.before(async (t) => {
  if (!existsSync(join(site, 'index.html'))) throw new Error('apps/playground/dist has no index.html: run npm run build:web first (npm run test:browser does)')
  const executablePath = findChromium()
  // --no-sandbox: Chromium's sandbox refuses to start as root, as on a CI machine
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] })
  t.context = { browser, site: await serveStatic(site, 'some/folder'), dir: mkdtempSync(join(tmpdir(), 'spikegrad-browser-')) }
})

test.after.always(async (t) => {
  await t.context.browser?.close()
  await t.context.site?.close()
  if (t.context.dir !== undefined) rmSync(t.context.dir, { recursive: true, force: true })
})

/** A new page of the playground, with every console error and uncaught exception collected. */
async function openPlayground(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })
  const problems: string[] = []
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`))
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`))
  await page.goto(url)
  await page.waitForSelector('#task option', { state: 'attached' })
  return { page, problems }
}

interface PageScore {
  readonly name: string
  readonly value: number
  readonly loss: number
  readonly trials: number
  readonly iteration: number
}

/** The score line of the page once it reports the parameters after `iteration` steps. */
async function scoreAt(page: Page, iteration: number): Promise<PageScore> {
  await page.waitForSelector(`#score[data-iteration="${iteration}"]`, { timeout: 120_000, state: 'attached' })
  return page.$eval('#score', (e) => {
    const d = (e as unknown as { dataset: Record<string, string | undefined> }).dataset
    return { name: d['name']!, value: Number(d['value']), loss: Number(d['loss']), trials: Number(d['trials']), iteration: Number(d['iteration']) }
  })
}

/** `spikegrad evaluate <file> --trials N --json`. */
function evaluateWithCli(file: string, trials: number): Record<string, number> {
  const r = spawnSync(process.execPath, [cli, 'evaluate', file, '--trials', String(trials), '--json'], { encoding: 'utf8', cwd: root })
  if (r.status !== 0) throw new Error(`spikegrad evaluate ${file} failed (${r.status}): ${r.stderr}`)
  return JSON.parse(r.stdout) as Record<string, number>
}

/**
 * The CLI's score and loss against the page's. Not to the bit: V8's Math.pow differs in the last
 * bit between Node's and Chromium's versions for some arguments, and the solvers' step-size
 * control takes powers, so the same weights meet slightly different steps; within 1e-3 relative.
 */
function agree(t: ExecutionContext, what: string, cli: Record<string, number>, page: PageScore): void {
  for (const [name, pageValue] of [[page.name, page.value], ['loss', page.loss]] as const) {
    const cliValue = cli[name]!
    const relative = Math.abs(cliValue - pageValue) / Math.max(Math.abs(cliValue), 1e-12)
    t.log(`${what}: ${name} ${pageValue} in the page, ${cliValue} from spikegrad evaluate (relative difference ${relative.toExponential(1)})`)
    t.true(relative <= 1e-3, `${what}: ${name} ${pageValue} in the page, ${cliValue} from spikegrad evaluate`)
  }
}

/** Steps of the reduced auto-encoding the page trains. */
const iterations = 40

test.serial('playground — loads without a console error, trains the reduced auto-encoding, pauses and resumes; the loss falls, the raster appears, and spikegrad evaluate scores the download as the page did', async (t) => {
  const { page, problems } = await openPlayground(t.context.browser, t.context.site.url)
  await page.selectOption('#task', 'autoencode')
  await page.fill('#iterations', String(iterations))
  await page.fill('#workers', '2')
  await page.click('#train')
  const before = await scoreAt(page, 0)
  // pause mid-run, then train on to the end
  await page.waitForFunction("Number(document.querySelector('#status')?.dataset.iteration) >= 4", undefined, { timeout: 120_000 })
  await page.click('#pause')
  await page.waitForSelector('body[data-state="paused"]', { timeout: 120_000, state: 'attached' })
  const pausedAt = Number(await page.getAttribute('#status', 'data-iteration'))
  t.true(pausedAt >= 4 && pausedAt < iterations, `paused at iteration ${pausedAt}`)
  await page.click('#resume')
  await page.waitForSelector('body[data-state="done"]', { timeout: 300_000, state: 'attached' })
  const after = await scoreAt(page, iterations)
  t.log(`paused at iteration ${pausedAt}; held-out ${after.name} ${before.value} → ${after.value}, loss ${before.loss} → ${after.loss} in ${iterations} iterations`)
  t.true(after.loss < 0.8 * before.loss, `held-out loss ${before.loss} → ${after.loss}`)
  const spikes = await page.$$eval('#raster g.spikes', (gs) => gs.map((g) => Number(g.getAttribute('data-spikes'))))
  t.true(spikes.length >= 1 && spikes.reduce((a, b) => a + b, 0) > 0, `raster panels' spikes: ${JSON.stringify(spikes)}`)
  t.true((await page.$$('#loss-chart path.curve')).length === 1, 'the loss curve is drawn')
  t.true((await page.$$('#readout path.readout')).length >= 1, 'the readout is drawn')

  const download = page.waitForEvent('download')
  await page.click('#download')
  const file = join(t.context.dir, 'model.json')
  await (await download).saveAs(file)
  const cliScore = evaluateWithCli(file, after.trials)
  t.is(cliScore['iteration'], iterations)
  agree(t, 'the downloaded model', cliScore, after)
  t.deepEqual(problems, [])
  await page.close()
})

test.serial('playground — the same bits with the gradients on 1 and on 2 Web Workers', async (t) => {
  const { page, problems } = await openPlayground(t.context.browser, t.context.site.url)
  await page.selectOption('#task', 'autoencode')
  await page.fill('#iterations', '6')
  const runOn = async (workers: number) => {
    await page.fill('#workers', String(workers))
    await page.click('#train')
    const score = await scoreAt(page, 6)
    t.regex((await page.textContent('#status')) ?? '', new RegExp(`on ${workers} workers?`))
    return score
  }
  const one = await runOn(1)
  const two = await runOn(2)
  t.is(two.loss, one.loss)
  t.is(two.value, one.value)
  t.deepEqual(problems, [])
  await page.close()
})

test.serial('playground — a new learning rate takes effect from the next step and the run goes on to its end', async (t) => {
  const { page, problems } = await openPlayground(t.context.browser, t.context.site.url)
  await page.selectOption('#task', 'autoencode')
  await page.fill('#iterations', '20')
  await page.fill('#workers', '1')
  await page.click('#train')
  await page.waitForFunction("Number(document.querySelector('#status')?.dataset.iteration) >= 3", undefined, { timeout: 120_000 })
  await page.fill('#lr', '0.01')
  await page.click('#apply-lr')
  await page.waitForSelector('body[data-state="done"]', { timeout: 300_000, state: 'attached' })
  const status = (await page.textContent('#status')) ?? ''
  t.regex(status, /iteration 20 of 20/)
  t.regex(status, /lr 0\.0100/, status)
  const download = page.waitForEvent('download')
  await page.click('#download')
  const file = join(t.context.dir, 'new-rate.json')
  await (await download).saveAs(file)
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { spec: { training: { schedule: unknown } }; history: { iterations: { learningRate: number }[] } }
  t.deepEqual(saved.spec.training.schedule, { kind: 'constant', lr: 0.01 })
  const rates = saved.history.iterations.map((r) => r.learningRate)
  t.is(rates[0], 0.05)
  t.is(rates.at(-1), 0.01)
  t.deepEqual(problems, [])
  await page.close()
})

test.serial('playground — opens a model file trained by spikegrad train and scores it as spikegrad evaluate does', async (t) => {
  const file = join(t.context.dir, 'cli-model.json')
  const trained = spawnSync(
    process.execPath,
    [cli, 'train', 'autoencode', '--task-param', 'channels=1', '--task-param', 'duration=100', '--task-param', 'correlationTime=40', '--hidden', '6', '--iterations', '3', '--batch', '2', '--workers', '1', '--no-plot', '--out', file],
    { encoding: 'utf8', cwd: root },
  )
  t.is(trained.status, 0, trained.stderr)
  const { page, problems } = await openPlayground(t.context.browser, t.context.site.url)
  await page.setInputFiles('#open', file)
  const opened = await scoreAt(page, 3)
  t.regex((await page.textContent('#status')) ?? '', /autoencode, 6 qif neurons/)
  t.true((await page.$$('#loss-chart path.curve')).length === 1, 'the history of the file is drawn')
  const cliScore = evaluateWithCli(file, opened.trials)
  agree(t, 'the model trained by the CLI', cliScore, opened)
  t.deepEqual(problems, [])
  await page.close()
})

test.serial('playground — downloads an opened model as .nir (HDF5 written in the browser), which spikegrad import reads back to the same specification and weights', async (t) => {
  const model = join(root, 'models/yinyang/model.json')
  const { page, problems } = await openPlayground(t.context.browser, t.context.site.url)
  await page.setInputFiles('#open', model)
  await page.waitForSelector('#download-nir:not([disabled])', { timeout: 60_000 })
  const download = page.waitForEvent('download', { timeout: 300_000 })
  await page.click('#download-nir')
  const saved = await download
  t.is(saved.suggestedFilename(), 'model.nir')
  const nir = join(t.context.dir, 'model.nir')
  await saved.saveAs(nir)
  const out = join(t.context.dir, 'from-page.json')
  const imported = spawnSync(process.execPath, [cli, 'import', nir, '--out', out], { encoding: 'utf8', cwd: root })
  t.is(imported.status, 0, imported.stderr)
  const original = JSON.parse(readFileSync(model, 'utf8')) as { spec: unknown; weights: unknown }
  const back = JSON.parse(readFileSync(out, 'utf8')) as { spec: unknown; weights: unknown }
  // the page exports the parameters it holds: the file's last ones
  t.deepEqual(back.weights, original.weights)
  t.deepEqual(back.spec, original.spec)
  t.deepEqual(problems, [])
  await page.close()
})

test.serial('playground — Download .nir of a theta-neuron model is refused on the page, naming the population and why', async (t) => {
  const file = join(t.context.dir, 'theta-model.json')
  const trained = spawnSync(
    process.execPath,
    [cli, 'train', 'autoencode', '--task-param', 'channels=1', '--task-param', 'duration=100', '--hidden', '4', '--iterations', '1', '--batch', '1', '--workers', '1', '--no-plot', '--out', file],
    { encoding: 'utf8', cwd: root },
  )
  t.is(trained.status, 0, trained.stderr)
  const { page, problems } = await openPlayground(t.context.browser, t.context.site.url)
  await page.setInputFiles('#open', file)
  await page.waitForSelector('#download-nir:not([disabled])', { timeout: 60_000 })
  await page.click('#download-nir')
  await page.waitForSelector('#errors:not([hidden])', { timeout: 120_000 })
  const shown = (await page.textContent('#errors')) ?? ''
  t.regex(shown, /NIR cannot express this network:.*network\.populations\[0\] "hidden": is a population of "qif" neurons/s)
  // the page reports the error on its console too, and nothing else
  t.deepEqual(problems.filter((p) => !p.startsWith('console: NIR cannot express this network')), [])
  await page.close()
})

test.serial('playground — a file that is not a valid model file is refused on the page, with the problems core names', async (t) => {
  const file = join(t.context.dir, 'broken.json')
  writeFileSync(file, JSON.stringify({ format: 'spikegrad-model/2', spec: { format: 'spikegrad-spec/2' }, weights: {} }))
  const { page, problems } = await openPlayground(t.context.browser, t.context.site.url)
  await page.setInputFiles('#open', file)
  await page.waitForSelector('#errors:not([hidden])', { timeout: 30_000 })
  const shown = (await page.textContent('#errors')) ?? ''
  t.regex(shown, /^broken\.json: model\./)
  // the page reports the error on its console too, and nothing else
  t.deepEqual(problems.filter((p) => !p.startsWith('console: broken.json: ')), [])
  await page.close()
})
