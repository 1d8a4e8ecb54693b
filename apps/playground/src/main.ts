import './style.css'
import type { EvaluationRecord, IterationRecord, Issue } from '@spikegrad/core'
import { drawCurves } from './figures/drawCurves.js'
import { drawDecisionMap } from './figures/drawDecisionMap.js'
import { drawRaster, drawReadout } from './figures/drawTrial.js'
import { parseEquationNeuron } from '@spikegrad/neuron-equations'
import { defaultEquationText, describeEquationIssue, equationText, readEquationText } from './equationText.js'
import { checkField, fieldOfPath, fieldRules, parameterRule, type FieldRule } from './formRules.js'
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
const equationsBox = byId<HTMLDivElement>('equations-box')
const equationsInput = byId<HTMLTextAreaElement>('equations')
equationsInput.value = defaultEquationText
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
const progress = byId<HTMLParagraphElement>('progress')
const note = byId<HTMLParagraphElement>('note')
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

/** Empties the error box and unmarks the fields it named: each action starts with no stale error. */
function clearErrors(): void {
  errors.replaceChildren()
  errors.hidden = true
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid')
}

/** A field refused: its sentence in the error box, the field marked invalid. */
interface Refusal {
  readonly input: HTMLInputElement | HTMLTextAreaElement
  readonly message: string
}

/** Shows every refusal in the error box, marks the fields and moves the focus to the first. */
function refuse(refusals: readonly Refusal[]): void {
  for (const r of refusals) {
    r.input.setAttribute('aria-invalid', 'true')
    showError(r.message)
  }
  refusals[0]?.input.focus()
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
  // a neuron written as equations declares its parameters in its box
  equationsBox.hidden = choice.written !== true
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
  const e = preset.expected
  const presetNote = byId<HTMLParagraphElement>('preset-note')
  presetNote.textContent = `As it comes, this preset reaches ${e.name} ${e.atLeast !== undefined ? `≥ ${e.atLeast}` : `≤ ${e.atMost}`} on ${e.on} after ${preset.iterations} iterations (measured from several seeds, in Node and in Chromium).`
  Object.assign(presetNote.dataset, { score: e.name, iterations: String(preset.iterations), ...(e.atLeast !== undefined && { atLeast: String(e.atLeast) }), ...(e.atMost !== undefined && { atMost: String(e.atMost) }) })
  for (const key of ['atLeast', 'atMost'] as const) if ((key === 'atLeast' ? e.atLeast : e.atMost) === undefined) delete presetNote.dataset[key]
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

/** The values of number fields by id, each checked against its rule, or every refusal. */
type Read<K extends string> = { readonly ok: true; readonly values: Record<K, number> } | { readonly ok: false; readonly refusals: Refusal[] }

function readFields<K extends string>(fields: readonly (readonly [K, HTMLInputElement, FieldRule])[]): Read<K> {
  const values = {} as Record<K, number>
  const refusals: Refusal[] = []
  for (const [key, input, rule] of fields) {
    const r = checkField(rule, { value: input.value, number: input.valueAsNumber })
    if (r.ok) values[key] = r.value
    else refusals.push({ input, message: r.message })
  }
  return refusals.length === 0 ? { ok: true, values } : { ok: false, refusals }
}

const ruled = <K extends string>(key: K, id: string): readonly [K, HTMLInputElement, FieldRule] => [key, field(id), fieldRules[id]!]

/** The form's choice of model and run, or every field it refuses. */
function readChoice(): { readonly ok: true; readonly choice: PlaygroundChoice } | { readonly ok: false; readonly refusals: Refusal[] } {
  const paramInputs = [...neuronParams.querySelectorAll<HTMLInputElement>('input[data-param]')]
  const spec = neuronChoice(neuronSelect.value)
  const params = readFields(paramInputs.map((input) => [input.dataset['param']!, input, parameterRule(spec.parameters.find((p) => p.name === input.dataset['param'])!)] as const))
  const numbers = readFields([
    ruled('neurons', 'neurons'),
    ruled('gateWidth', 'gate-width'),
    ruled('tauS', 'tau-s'),
    ruled('lr', 'lr'),
    ruled('batchSize', 'batch'),
    ruled('iterations', 'iterations'),
    ruled('seed', 'seed'),
  ])
  const written = spec.written === true ? readEquations() : undefined
  const writtenRefusals = written !== undefined && !written.ok ? written.refusals : []
  if (!params.ok || !numbers.ok || writtenRefusals.length > 0) return { ok: false, refusals: [...(numbers.ok ? [] : numbers.refusals), ...(params.ok ? [] : params.refusals), ...writtenRefusals] }
  return {
    ok: true,
    choice: {
      task: taskPreset(taskSelect.value),
      neuron: neuronSelect.value,
      neuronParams: params.values,
      ...(written?.ok === true && { neuronOptions: written.options }),
      gate: gateSelect.value,
      schedule: byId<HTMLSelectElement>('schedule').value === 'cosine' ? 'cosine' : 'constant',
      ...numbers.values,
    },
  }
}

/**
 * The neuron of the equations box as the plugin's options, checked by the plugin itself (parsed,
 * differentiated, compiled) so that a mistake is named by its line and column before anything runs.
 */
function readEquations(): { readonly ok: true; readonly options: Record<string, unknown> } | { readonly ok: false; readonly refusals: Refusal[] } {
  const read = readEquationText(equationsInput.value)
  if (!read.ok) return { ok: false, refusals: read.problems.map((message) => ({ input: equationsInput, message })) }
  const made = parseEquationNeuron(read.definition)
  if (made._tag === 'Left') return { ok: false, refusals: made.left.map((i) => ({ input: equationsInput, message: describeEquationIssue(i, read.lines) })) }
  return { ok: true, options: read.definition as unknown as Record<string, unknown> }
}

/** How far to train and on how many gradient workers, or the fields refused. */
function readRun(): Read<'iterations' | 'workers'> {
  return readFields([ruled('iterations', 'iterations'), ruled('workers', 'workers')])
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
  /** The last score of the current parameters, whose trials and seed (or split) the evaluations share. */
  score: undefined as CurrentScore | undefined,
  /** A classification task's class names, from its decision map (the readouts' key names them). */
  classes: [] as readonly string[],
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
      if (event.source === 'opened') fillForm(event.summary)
      if (event.source !== 'created') {
        field('lr').value = String(event.summary.lr)
        field('iterations').value = String(event.summary.iterations)
        byId<HTMLSelectElement>('schedule').value = (event.summary.spec.training?.schedule as { kind?: unknown } | undefined)?.kind === 'cosine' ? 'cosine' : 'constant'
      }
      drawHistory()
      return showStatus(true)
    case 'iteration':
      run.iterations.push(event.record)
      run.rate = event.iterationsPerSecond
      drawHistory()
      return showStatus(false)
    case 'evaluation':
      run.evaluations.push(event.record)
      run.primary = event.primary
      run.timeline.push([event.record.iteration, event.record.scores[event.primary] ?? NaN, Number(trainingSeconds().toFixed(2))])
      byId('score-chart').dataset['evaluations'] = JSON.stringify(run.timeline)
      followScore(event.record)
      drawHistory()
      return showStatus(true)
    case 'figures':
      return drawFigures(event)
    case 'score':
      run.score = event.score
      showScore(event.score, false)
      return showStatus(true)
    case 'file':
      return saveFile(event.text, event.name)
    case 'binaryFile':
      return saveFile(event.bytes, event.name)
    case 'error':
      return showError(event.issues !== undefined ? formFailure(event.issues) : event.message)
  }
})

/** The worker's refusal of the form's specification, each problem named by the form field it comes from. */
function formFailure(issues: readonly Issue[]): string {
  const lines = issues.map((i) => {
    const label = fieldOfPath(i.at)
    return `${label ?? i.at}: ${i.problem}${i.fix !== undefined ? `; ${i.fix}` : ''}`
  })
  return `the form's choice cannot be trained: ${lines.join('; ')}`
}

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
  if (state === 'empty') {
    forgetRun()
    status.textContent = 'No model: correct the form and press Train, or open a model file.'
  }
  showStatus(true)
}

/**
 * Sets every field of the form to an opened model: its task, the hidden population (neurons,
 * neuron model and parameters, gate and width, tau_s), learning rate and schedule, batch,
 * iterations and seed. What the form cannot show (a task or neuron model it does not offer,
 * task parameters other than the preset's) is said in a note.
 */
function fillForm(summary: ModelSummary): void {
  const spec = summary.spec
  const missing: string[] = []
  if (taskPresets.some((p) => p.name === spec.task.name)) taskSelect.value = spec.task.name
  else missing.push(`its task "${spec.task.name}" is not one the form offers`)
  const preset = taskPresets.find((p) => p.name === spec.task.name)
  if (preset !== undefined && JSON.stringify(spec.task.params ?? {}) !== JSON.stringify(preset.params)) missing.push(`its task parameters ${JSON.stringify(spec.task.params ?? {})} are not the preset's`)
  const populations = (spec.network as { populations?: readonly Record<string, unknown>[] }).populations ?? []
  const hidden = populations.find((p) => p['name'] === 'hidden') ?? populations[0]
  if (populations.length > 1) missing.push(`it has ${populations.length} populations; the form shows "${String(hidden?.['name'])}"`)
  if (hidden !== undefined) {
    const neuron = hidden['neuron'] as { name?: string; params?: Record<string, number>; options?: Record<string, unknown> } | undefined
    const gate = hidden['gate'] as { name?: string; width?: number } | undefined
    if (typeof hidden['size'] === 'number') field('neurons').value = String(hidden['size'])
    if (neuron?.name !== undefined && neuronChoices.some((n) => n.name === neuron.name)) {
      neuronSelect.value = neuron.name
      showNeuronParams(neuron.name, neuron.params ?? {})
      if (neuron.name === 'equations' && neuron.options !== undefined) {
        equationsInput.value = equationText(neuron.options)
        if (Object.keys(neuron.params ?? {}).length > 0) missing.push(`its parameter values ${JSON.stringify(neuron.params)} override the equations' own`)
      }
    } else missing.push(`its neuron model "${String(neuron?.name)}" is not one the form offers`)
    const gateName = gate?.name ?? neuronChoices.find((n) => n.name === neuron?.name)?.gate.name
    if (gateName !== undefined && gateChoices.some((g) => g.name === gateName)) gateSelect.value = gateName
    if (typeof gate?.width === 'number') field('gate-width').value = String(gate.width)
    if (typeof hidden['tauS'] === 'number') field('tau-s').value = String(hidden['tauS'])
  }
  if (spec.training?.batchSize !== undefined) field('batch').value = String(spec.training.batchSize)
  field('seed').value = String(spec.seed)
  note.hidden = missing.length === 0
  note.textContent = missing.length === 0 ? '' : `The opened model differs from what the form can show: ${missing.join('; ')}. Resume trains it on as it is; Train and Reset make a fresh model from the form.`
}

// -------------------------------------------------------------------------------------
// the buttons
// -------------------------------------------------------------------------------------

/** Forgets what the page showed of the previous run: its curves, pictures, score and status. */
function forgetRun(): void {
  forgetScore()
  run.summary = undefined
  run.iterations = []
  run.evaluations = []
  run.timeline = []
  run.trainingMs = 0
  run.since = undefined
  run.rate = 0
  run.score = undefined
  run.classes = []
  delete byId('score-chart').dataset['evaluations']
  for (const id of ['loss-chart', 'score-chart', 'readout', 'raster', 'map']) byId(id).replaceChildren()
  byId<HTMLElement>('map-figure').hidden = true
  note.hidden = true
  progress.textContent = ''
  delete progress.dataset['iteration']
  delete status.dataset['iteration']
}

/** A fresh model from the form (trained at once with `train`), or the refusals of its fields. */
function fresh(train?: { iterations: number; workers: number }): void {
  const read = readChoice()
  if (!read.ok) {
    // nothing trains under an error: a run still going stops where it is
    if (run.state === 'training') send({ type: 'pause' })
    return refuse(read.refusals)
  }
  forgetRun()
  status.textContent = 'Making a fresh model from the form…'
  send({ type: 'create', spec: playgroundSpec(read.choice), ...(train !== undefined && { train }) })
}

form.addEventListener('submit', (e) => {
  e.preventDefault()
  guarded(() => {
    clearErrors()
    const how = readRun()
    const choice = readChoice()
    if (!how.ok || !choice.ok) {
      if (run.state === 'training') send({ type: 'pause' })
      return refuse([...(choice.ok ? [] : choice.refusals), ...(how.ok ? [] : how.refusals.filter((r) => r.input.id !== 'iterations'))])
    }
    fresh(how.values)
  })
})
buttons.pause.addEventListener('click', () => send({ type: 'pause' }))
buttons.resume.addEventListener('click', () =>
  guarded(() => {
    clearErrors()
    const how = readRun()
    if (!how.ok) return refuse(how.refusals)
    send({ type: 'train', ...how.values })
  }),
)
buttons.reset.addEventListener('click', () =>
  guarded(() => {
    clearErrors()
    fresh()
  }),
)
buttons.applyLr.addEventListener('click', () =>
  guarded(() => {
    clearErrors()
    const read = readFields([ruled('lr', 'lr')])
    if (!read.ok) return refuse(read.refusals)
    send({ type: 'learningRate', lr: read.values.lr })
  }),
)
buttons.download.addEventListener('click', () => send({ type: 'download' }))
buttons.downloadNir.addEventListener('click', () => send({ type: 'downloadNir' }))
openInput.addEventListener('change', () => {
  const file = openInput.files?.[0]
  if (file === undefined) return
  openInput.value = ''
  clearErrors()
  file.text().then(
    (text) => {
      forgetRun()
      status.textContent = `Opening ${file.name}…`
      send({ type: 'open', text, name: file.name })
    },
    (error: unknown) => showError(`cannot read ${file.name}: ${error instanceof Error ? error.message : String(error)}`),
  )
})

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

/**
 * The run's progress: every step in `#progress` (iteration, loss, rate, speed, time), and
 * with `announce` — a change of state, an evaluation, a score — the sentence of `#status`,
 * the page's live region, which a screen reader reads out (so not at every step).
 */
function showStatus(announce: boolean): void {
  const s = run.summary
  if (s === undefined) return
  const last = run.iterations.at(-1)
  const done = last === undefined ? s.iteration : last.iteration + 1
  const seconds = trainingSeconds()
  progress.textContent =
    `iteration ${done} of ${s.iterations}` +
    (last !== undefined ? ` · loss ${last.loss.toFixed(3)} · lr ${last.learningRate.toPrecision(3)}` : '') +
    (run.rate > 0 ? ` · ${run.rate.toFixed(2)} it/s on ${s.workers} worker${s.workers > 1 ? 's' : ''}` : '') +
    ` · ${seconds.toFixed(1)} s training`
  progress.dataset['iteration'] = String(done)
  status.dataset['iteration'] = String(done)
  status.dataset['seconds'] = seconds.toFixed(2)
  if (!announce) return
  const score = scoreLine.dataset['value'] !== undefined ? ` · ${scoreLine.dataset['name']} ${scoreLine.dataset['value']} after ${scoreLine.dataset['iteration']} iterations` : ''
  status.textContent = `${s.task}, ${s.description}, ${s.parameters} parameters · ${run.state} · iteration ${done} of ${s.iterations}${score}`
}

function forgetScore(): void {
  scoreLine.hidden = true
  scoreLine.textContent = ''
  for (const key of Object.keys(scoreLine.dataset)) delete scoreLine.dataset[key]
}

/** The score line at an evaluation during training: the same trials and numbers as `spikegrad evaluate` on the parameters of that step. */
function followScore(record: EvaluationRecord): void {
  const basis = run.score
  const value = record.scores[run.primary]
  if (basis === undefined || value === undefined) return
  showScore({ ...basis, iteration: record.iteration, name: run.primary, value, loss: record.loss }, run.state === 'training')
}

function showScore(score: CurrentScore, training: boolean): void {
  const on = score.split !== undefined ? `the ${score.trials} trials of the split "${score.split}"` : `${score.trials} held-out trials (seed ${score.seed})`
  const flag = score.split !== undefined ? `--split ${score.split}` : `--trials ${score.trials}`
  const when = training ? `the parameters after ${score.iteration} iterations (the last evaluation; training goes on)` : `the parameters after ${score.iteration} iterations`
  scoreLine.hidden = false
  scoreLine.textContent = `${score.name} ${score.value} (${score.higherIsBetter ? 'higher' : 'lower'} is better), mean loss ${score.loss.toFixed(4)}, on ${on}, ${when} — spikegrad evaluate model.json ${flag} scores a download the same`
  Object.assign(scoreLine.dataset, { name: score.name, value: String(score.value), loss: String(score.loss), trials: String(score.trials), iteration: String(score.iteration), ...(score.split !== undefined ? { split: score.split } : { seed: String(score.seed) }) })
}

function drawHistory(): void {
  const xMax = Math.max(1, run.summary?.iterations ?? 1)
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
  byId('readout-caption').textContent = `readout and target on a held-out trial${event.sample.label !== undefined ? ` (${event.sample.label})` : ''}, after ${event.iteration} iterations`
  if (event.map !== undefined) run.classes = event.map.classes
  drawReadout(byId('readout'), event.sample, run.classes)
  drawRaster(byId('raster'), event.sample)
  const mapFigure = byId<HTMLElement>('map-figure')
  if (event.map === undefined) return
  mapFigure.hidden = false
  byId('map-caption').textContent = `decision map after ${event.iteration} iterations: the class reported at each point of the plane, with the points of ${event.map.pointsFrom}`
  drawDecisionMap(byId('map'), event.map)
}
