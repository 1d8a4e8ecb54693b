import './style.css'
import type { EvaluationRecord, IterationRecord } from '@spikegrad/core'
import { drawCurves } from './figures/drawCurves.js'
import { drawDecisionMap } from './figures/drawDecisionMap.js'
import { drawRaster, drawReadout } from './figures/drawTrial.js'
import { playgroundSpec, type PlaygroundChoice } from './playgroundSpec.js'
import { gateChoices, neuronChoice, neuronChoices, taskPreset, taskPresets, type TaskPreset } from './presets.js'
import type { CurrentScore, ModelSummary, SessionState, WorkerCommand, WorkerEvent } from './protocol.js'

// -------------------------------------------------------------------------------------
// the page's elements
// -------------------------------------------------------------------------------------

const byId = <T extends HTMLElement | SVGSVGElement>(id: string): T => {
  const found = document.getElementById(id)
  if (found === null) throw new Error(`the page has no element #${id}`)
  return found as T
}

const form = byId<HTMLFormElement>('setup')
const taskSelect = byId<HTMLSelectElement>('task')
const neuronSelect = byId<HTMLSelectElement>('neuron')
const gateSelect = byId<HTMLSelectElement>('gate')
const neuronParams = byId<HTMLDivElement>('neuron-params')
const field = (id: string): HTMLInputElement => byId<HTMLInputElement>(id)
const buttons = {
  train: byId<HTMLButtonElement>('train'),
  pause: byId<HTMLButtonElement>('pause'),
  resume: byId<HTMLButtonElement>('resume'),
  reset: byId<HTMLButtonElement>('reset'),
  applyLr: byId<HTMLButtonElement>('apply-lr'),
  download: byId<HTMLButtonElement>('download'),
  downloadNir: byId<HTMLButtonElement>('download-nir'),
}
const openInput = byId<HTMLInputElement>('open')
const errors = byId<HTMLDivElement>('errors')
const status = byId<HTMLParagraphElement>('status')
const scoreLine = byId<HTMLParagraphElement>('score')

// -------------------------------------------------------------------------------------
// errors: shown on the page, never swallowed
// -------------------------------------------------------------------------------------

function showError(message: string): void {
  errors.hidden = false
  const line = document.createElement('div')
  line.textContent = message
  errors.append(line)
  console.error(message)
}

window.addEventListener('error', (e) => showError(`error: ${e.message}`))
window.addEventListener('unhandledrejection', (e) => showError(`error: ${e.reason instanceof Error ? e.reason.message : String(e.reason)}`))

// -------------------------------------------------------------------------------------
// the form
// -------------------------------------------------------------------------------------

function fillSelect(select: HTMLSelectElement, options: readonly { name: string; label: string }[]): void {
  select.replaceChildren(...options.map((o) => new Option(o.label, o.name)))
}

fillSelect(taskSelect, taskPresets)
fillSelect(neuronSelect, neuronChoices)
fillSelect(gateSelect, gateChoices)

/** The inputs of the chosen neuron model's parameters, with `values` (else the plugin's defaults). */
function showNeuronParams(name: string, values: Readonly<Record<string, number>> = {}): void {
  const choice = neuronChoice(name)
  neuronParams.replaceChildren(
    ...choice.parameters.map((p) => {
      const label = document.createElement('label')
      label.title = p.description ?? ''
      label.append(`${p.name} (${p.unit}) `)
      const input = document.createElement('input')
      input.type = 'number'
      input.step = 'any'
      input.dataset['param'] = p.name
      input.value = String(values[p.name] ?? p.value)
      label.append(input)
      return label
    }),
  )
}

function showPreset(preset: TaskPreset): void {
  const neuron = neuronChoice(preset.neuron)
  neuronSelect.value = preset.neuron
  showNeuronParams(preset.neuron, preset.neuronParams)
  gateSelect.value = neuron.gate.name
  field('gate-width').value = String(neuron.gate.width)
  field('neurons').value = String(preset.neurons)
  field('tau-s').value = String(preset.tauS)
  field('lr').value = String(preset.lr)
  byId<HTMLSelectElement>('schedule').value = preset.schedule
  field('batch').value = String(preset.batchSize)
  field('iterations').value = String(preset.iterations)
  field('seed').value = String(preset.seed)
}

taskSelect.addEventListener('change', () => showPreset(taskPreset(taskSelect.value)))
neuronSelect.addEventListener('change', () => {
  const neuron = neuronChoice(neuronSelect.value)
  showNeuronParams(neuron.name)
  gateSelect.value = neuron.gate.name
  field('gate-width').value = String(neuron.gate.width)
})
showPreset(taskPresets[0]!)
// one worker per core the browser offers beyond the page's own, at most 4
field('workers').value = String(Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)))

/** A number field's value. @throws Error naming the field when it is not a number. */
function numberOf(input: HTMLInputElement, what: string): number {
  const v = input.valueAsNumber
  if (!Number.isFinite(v)) throw new Error(`${what} must be a number, got "${input.value}"`)
  return v
}

function choice(): PlaygroundChoice {
  const params: Record<string, number> = {}
  for (const input of neuronParams.querySelectorAll<HTMLInputElement>('input[data-param]')) params[input.dataset['param']!] = numberOf(input, input.dataset['param']!)
  return {
    task: taskPreset(taskSelect.value),
    neurons: numberOf(field('neurons'), 'hidden neurons'),
    neuron: neuronSelect.value,
    neuronParams: params,
    gate: gateSelect.value,
    gateWidth: numberOf(field('gate-width'), 'gate width'),
    tauS: numberOf(field('tau-s'), 'tau_s'),
    lr: numberOf(field('lr'), 'learning rate'),
    schedule: byId<HTMLSelectElement>('schedule').value === 'cosine' ? 'cosine' : 'constant',
    batchSize: numberOf(field('batch'), 'batch'),
    iterations: numberOf(field('iterations'), 'iterations'),
    seed: numberOf(field('seed'), 'seed'),
  }
}

// -------------------------------------------------------------------------------------
// the worker
// -------------------------------------------------------------------------------------

const worker = new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module' })
worker.addEventListener('error', (e) => showError(`the training worker failed: ${e.message || 'it could not be started'}`))
worker.addEventListener('messageerror', () => showError('the training worker sent a message the page could not read'))
const send = (command: WorkerCommand): void => worker.postMessage(command)

/** What the page has heard of the current model. */
const run = {
  summary: undefined as ModelSummary | undefined,
  iterations: [] as IterationRecord[],
  evaluations: [] as EvaluationRecord[],
  primary: 'score',
  state: 'empty' as SessionState,
  rate: 0,
  /** Wall-clock time spent training, ms, and when the current stretch began. */
  trainingMs: 0,
  since: undefined as number | undefined,
  /** [iteration, primary score, seconds of training] at each evaluation of this page's run. */
  timeline: [] as [number, number, number][],
}

/** Seconds spent training so far. */
const trainingSeconds = (): number => (run.trainingMs + (run.since !== undefined ? performance.now() - run.since : 0)) / 1000

worker.addEventListener('message', (e: MessageEvent<WorkerEvent>) => {
  const event = e.data
  switch (event.type) {
    case 'state':
      return onState(event.state)
    case 'model':
      run.summary = event.summary
      run.iterations = [...event.history.iterations]
      run.evaluations = [...event.history.evaluations]
      run.primary = event.summary.primary
      field('lr').value = String(event.summary.lr)
      field('iterations').value = String(event.summary.iterations)
      byId<HTMLSelectElement>('schedule').value = (event.summary.spec.training?.schedule as { kind?: unknown } | undefined)?.kind === 'cosine' ? 'cosine' : 'constant'
      drawHistory()
      return showStatus()
    case 'iteration':
      run.iterations.push(event.record)
      run.rate = event.iterationsPerSecond
      drawHistory()
      return showStatus()
    case 'evaluation':
      run.evaluations.push(event.record)
      run.primary = event.primary
      run.timeline.push([event.record.iteration, event.record.scores[event.primary] ?? NaN, Number(trainingSeconds().toFixed(2))])
      byId('score-chart').dataset['evaluations'] = JSON.stringify(run.timeline)
      return drawHistory()
    case 'figures':
      return drawFigures(event)
    case 'score':
      return showScore(event.score)
    case 'file':
      return saveFile(event.text, event.name)
    case 'binaryFile':
      return saveFile(event.bytes, event.name)
    case 'error':
      return showError(event.message)
  }
})

function onState(state: SessionState): void {
  const now = performance.now()
  if (run.state === 'training' && run.since !== undefined) run.trainingMs += now - run.since
  run.since = state === 'training' ? now : undefined
  run.state = state
  document.body.dataset['state'] = state
  buttons.pause.disabled = state !== 'training'
  buttons.resume.disabled = !(state === 'paused' || state === 'ready' || state === 'done')
  buttons.applyLr.disabled = state === 'empty'
  buttons.download.disabled = state === 'empty'
  buttons.downloadNir.disabled = state === 'empty'
  showStatus()
}

// -------------------------------------------------------------------------------------
// the buttons
// -------------------------------------------------------------------------------------

function fresh(): void {
  errors.replaceChildren()
  errors.hidden = true
  forgetScore()
  run.iterations = []
  run.evaluations = []
  run.timeline = []
  run.trainingMs = 0
  byId<HTMLElement>('map-figure').hidden = true
  send({ type: 'create', spec: playgroundSpec(choice()) })
}

form.addEventListener('submit', (e) => {
  e.preventDefault()
  guarded(() => {
    fresh()
    send(trainCommand())
  })
})
buttons.pause.addEventListener('click', () => send({ type: 'pause' }))
buttons.resume.addEventListener('click', () => guarded(() => send(trainCommand())))
buttons.reset.addEventListener('click', () => guarded(fresh))
buttons.applyLr.addEventListener('click', () => guarded(() => send({ type: 'learningRate', lr: numberOf(field('lr'), 'learning rate') })))
buttons.download.addEventListener('click', () => send({ type: 'download' }))
buttons.downloadNir.addEventListener('click', () => send({ type: 'downloadNir' }))
openInput.addEventListener('change', () => {
  const file = openInput.files?.[0]
  if (file === undefined) return
  openInput.value = ''
  file.text().then(
    (text) => {
      errors.replaceChildren()
      errors.hidden = true
      forgetScore()
      run.timeline = []
      run.trainingMs = 0
      byId<HTMLElement>('map-figure').hidden = true
      send({ type: 'open', text, name: file.name })
    },
    (error: unknown) => showError(`cannot read ${file.name}: ${error instanceof Error ? error.message : String(error)}`),
  )
})

function trainCommand(): WorkerCommand {
  return { type: 'train', iterations: numberOf(field('iterations'), 'iterations'), workers: numberOf(field('workers'), 'gradient workers') }
}

function guarded(f: () => void): void {
  try {
    f()
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error))
  }
}

function saveFile(content: string | Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type: typeof content === 'string' ? 'application/json' : 'application/x-hdf5' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

// -------------------------------------------------------------------------------------
// what the page shows
// -------------------------------------------------------------------------------------

function showStatus(): void {
  const s = run.summary
  if (s === undefined) return
  const last = run.iterations.at(-1)
  const done = last === undefined ? s.iteration : last.iteration + 1
  const seconds = trainingSeconds()
  status.textContent =
    `${s.task}, ${s.description}, ${s.parameters} parameters · ${run.state} · iteration ${done} of ${numberOf(field('iterations'), 'iterations')}` +
    (last !== undefined ? ` · loss ${last.loss.toFixed(3)} · lr ${last.learningRate.toPrecision(3)}` : '') +
    (run.rate > 0 ? ` · ${run.rate.toFixed(2)} it/s on ${s.workers} worker${s.workers > 1 ? 's' : ''}` : '') +
    ` · ${seconds.toFixed(1)} s training`
  status.dataset['iteration'] = String(done)
  status.dataset['seconds'] = seconds.toFixed(2)
}

function forgetScore(): void {
  scoreLine.hidden = true
  for (const key of Object.keys(scoreLine.dataset)) delete scoreLine.dataset[key]
}

function showScore(score: CurrentScore): void {
  const on = score.split !== undefined ? `the ${score.trials} trials of the split "${score.split}"` : `${score.trials} held-out trials (seed ${score.seed})`
  const flag = score.split !== undefined ? `--split ${score.split}` : `--trials ${score.trials}`
  scoreLine.hidden = false
  scoreLine.textContent = `${score.name} ${score.value} (${score.higherIsBetter ? 'higher' : 'lower'} is better), mean loss ${score.loss.toFixed(4)}, on ${on}, the parameters after ${score.iteration} iterations (scored whenever training stops) — spikegrad evaluate model.json ${flag} scores a download the same`
  Object.assign(scoreLine.dataset, { name: score.name, value: String(score.value), loss: String(score.loss), trials: String(score.trials), iteration: String(score.iteration), ...(score.split !== undefined ? { split: score.split } : { seed: String(score.seed) }) })
}

function drawHistory(): void {
  const xMax = Math.max(1, numberOf(field('iterations'), 'iterations'))
  drawCurves(byId('loss-chart'), [{ label: 'minibatch loss', xs: run.iterations.map((r) => r.iteration), ys: run.iterations.map((r) => r.loss) }], { yLabel: 'loss', logY: spansDecade(run.iterations.map((r) => r.loss)), xMax })
  const bySplit = new Map<string, EvaluationRecord[]>()
  for (const e of run.evaluations) bySplit.set(e.split ?? 'held-out trials', [...(bySplit.get(e.split ?? 'held-out trials') ?? []), e])
  byId('score-caption').textContent = `${run.primary} at each evaluation`
  drawCurves(
    byId('score-chart'),
    [...bySplit].map(([split, records]) => ({ label: `${run.primary} (${split})`, xs: records.map((r) => r.iteration), ys: records.map((r) => r.scores[run.primary] ?? NaN), dots: true })),
    { yLabel: run.primary, xMax },
  )
}

/** Whether positive values span more than a factor of 10 (then a log axis reads better). */
function spansDecade(values: readonly number[]): boolean {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v))
  return positive.length > 1 && Math.max(...positive) > 10 * Math.min(...positive)
}

function drawFigures(event: Extract<WorkerEvent, { type: 'figures' }>): void {
  byId('readout-caption').textContent = `readout and target on a held-out trial (${event.sample.label ?? ''}), after ${event.iteration} iterations`
  drawReadout(byId('readout'), event.sample)
  drawRaster(byId('raster'), event.sample)
  const mapFigure = byId<HTMLElement>('map-figure')
  if (event.map === undefined) return
  mapFigure.hidden = false
  drawDecisionMap(byId('map'), event.map)
}
