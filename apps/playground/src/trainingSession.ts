import {
  createModel,
  decodeModelFile,
  evaluate,
  fit,
  formatIssue,
  formatModelFile,
  modelFromFile,
  modelSolveOptions,
  modelToFile,
  optimizerFromSettings,
  type FitState,
  type GradientSource,
  type GradientTransformation,
  type Invalid,
  type Model,
  type ModelSpec,
} from '@spikegrad/core'
import { decisionMap, describePopulations, modelFigureData } from '@spikegrad/core/internal'
import type { Container } from 'inversify'
import { playgroundContainer } from './plugins.js'
import type { CurrentScore, ModelSummary, SessionState, WorkerCommand, WorkerEvent } from './protocol.js'

/** Cells per axis of a decision map. */
const mapResolution = 20
/** Least time between two pictures of the held-out trial while training, ms. */
const figureInterval = 400

/**
 * One model and its training, driven by the page's commands: `fit` from `@spikegrad/core` on
 * the model's own settings, paused through an AbortSignal (fit stops after the current step
 * and the run resumes from its state, optimiser memory included, with the bits of a run that
 * never stopped). Reports every step, every evaluation, a picture of a held-out trial now and
 * then, and the score of the current parameters whenever training stops. Every failure is an
 * `error` event with the message core gave.
 */
export class TrainingSession {
  private model: Model | undefined
  private stopper: AbortController | undefined
  private running: Promise<void> | undefined
  private target = 0
  private fileName = 'model.json'
  private workers = 1

  /**
   * @param startGradients — a pool of `count` gradient workers for a model (when training asks
   * for more than one; without it, every gradient is computed in this thread).
   */
  constructor(
    private readonly emit: (event: WorkerEvent) => void,
    private readonly startGradients?: (model: Model, count: number) => Promise<GradientSource>,
    private readonly container: Container = playgroundContainer(),
  ) {}

  /** Carries out one command (commands that train return once training has stopped). */
  async handle(command: WorkerCommand): Promise<void> {
    switch (command.type) {
      case 'create': {
        await this.stop()
        const made = createModel(this.container, command.spec)
        if (made._tag === 'Left') {
          // the form's choice is refused: the old model goes, so that nothing trains under the error
          this.model = undefined
          this.setState('empty')
          return this.emit({ type: 'error', message: problems('the form', made.left), issues: made.left.issues })
        }
        this.adopt(made, 'model.json', 'created')
        if (command.train === undefined) return
        this.target = command.train.iterations
        this.workers = command.train.workers
        return this.train()
      }
      case 'open':
        await this.stop()
        return this.open(command.text, command.name)
      case 'train':
        this.target = command.iterations
        this.workers = command.workers
        return this.train()
      case 'pause':
        return this.stop()
      case 'learningRate':
        return this.changeLearningRate(command.lr)
      case 'download':
        return this.download()
      case 'downloadNir':
        return this.downloadNir()
    }
  }

  private open(text: string, name: string): void {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      return this.fail(`${name} is not JSON (${e instanceof Error ? e.message : String(e)}); open a model file written by spikegrad train or by this page`)
    }
    const file = decodeModelFile(json, 'model')
    if (file._tag === 'Left') return this.fail(problems(name, file.left))
    this.adopt(modelFromFile(this.container, file.right), name, 'opened')
  }

  private adopt(made: ReturnType<typeof createModel>, fileName: string, source: 'created' | 'opened'): void {
    if (made._tag === 'Left') return this.fail(problems(fileName, made.left))
    const model = made.right
    this.model = model
    this.fileName = fileName
    this.target = Math.max(model.spec.run?.iterations ?? 0, model.iteration)
    this.emit({ type: 'model', source, summary: this.summary(model), history: model.history })
    this.setState(model.iteration > 0 ? 'paused' : 'ready')
    this.picture(model, true)
    this.score(model)
  }

  private async train(): Promise<void> {
    const model = this.model
    if (model === undefined) return this.fail('no model to train: choose a task and press Train, or open a model file')
    if (this.running !== undefined) return
    if (model.iteration >= this.target) return this.fail(`the model has taken ${model.iteration} steps already; raise the iterations above that to train on`)
    const optimizer = optimizerFromSettings(model.spec.training, model.network)
    if (optimizer._tag === 'Left') return this.fail(problems('the model', optimizer.left))
    const stopper = new AbortController()
    this.stopper = stopper
    const done = this.fitFrom(model, optimizer.right, stopper.signal)
    this.running = done
    try {
      await done
    } finally {
      this.running = undefined
      this.stopper = undefined
    }
  }

  /** Trains `model` with fit until the target or the signal, then shows and scores where it stands. */
  private async fitFrom(model: Model, optimizer: GradientTransformation, signal: AbortSignal): Promise<void> {
    this.setState('training')
    let gradients: GradientSource | undefined
    if (this.workers > 1 && this.startGradients !== undefined) {
      try {
        gradients = await this.startGradients(model, this.workers)
      } catch (e) {
        this.setState(model.iteration > 0 ? 'paused' : 'ready')
        return this.fail(e instanceof Error ? e.message : String(e))
      }
    }
    this.emit({ type: 'model', source: 'run', summary: this.summary(model), history: model.history })
    const run = model.spec.run ?? {}
    let lastPicture = 0
    const result = await fit({
      network: model.network,
      task: model.task,
      theta: model.theta,
      optimizer,
      batchSize: model.spec.training.batchSize,
      seed: model.spec.seed,
      iterations: this.target,
      solve: modelSolveOptions(model),
      ...(gradients !== undefined && { gradients }),
      evaluation: {
        every: run.evaluateEvery ?? 10,
        ...(run.evaluateTrials !== undefined && { trials: run.evaluateTrials }),
        ...(run.evaluateSplit !== undefined && { split: run.evaluateSplit }),
      },
      resume: { iteration: model.iteration, ...(model.optimizerState && { optimizerState: model.optimizerState }), history: model.history },
      signal,
      onIteration: (e) => {
        const state = e.snapshot()
        this.model = withState(model, state)
        const record = state.history.iterations.at(-1)
        if (record !== undefined) this.emit({ type: 'iteration', record, iterationsPerSecond: e.iterationsPerSecond })
        const now = performance.now()
        if (now - lastPicture > figureInterval) {
          lastPicture = now
          this.picture(this.model, false)
        }
      },
      onEvaluation: (record) => {
        this.emit({ type: 'evaluation', record, primary: model.task.primaryScore })
        if (this.model !== undefined && model.task.plane !== undefined) this.picture(this.model, true)
      },
    }).finally(() => gradients?.close())
    if (result._tag === 'Left') {
      if ('state' in result.left) this.model = withState(model, result.left.state)
      this.fail(result.left.message)
    } else {
      this.model = withState(model, result.right)
    }
    const now = this.model!
    this.picture(now, true)
    this.score(now)
    this.setState(now.iteration >= this.target ? 'done' : 'paused')
  }

  private async stop(): Promise<void> {
    this.stopper?.abort()
    await this.running
  }

  private async changeLearningRate(lr: number): Promise<void> {
    if (!(Number.isFinite(lr) && lr > 0)) return this.fail(`the learning rate must be a positive number, got ${lr}`)
    const model = this.model
    if (model === undefined) return
    const wasTraining = this.running !== undefined
    await this.stop()
    const now = this.model!
    this.model = { ...now, spec: { ...now.spec, training: { ...now.spec.training, schedule: { kind: 'constant', lr } } } }
    this.emit({ type: 'model', source: 'run', summary: this.summary(this.model), history: this.model.history })
    if (wasTraining) await this.train()
  }

  private download(): void {
    if (this.model === undefined) return this.fail('no model to download yet: press Train, or open a model file')
    this.emit({ type: 'file', text: formatModelFile(modelToFile(this.model)), name: this.fileName })
  }

  /**
   * The current parameters as a NIR graph (`spikegrad export` writes the same file from the
   * downloaded model with `--last`); a network NIR cannot express (theta neurons, analog
   * inputs) is an error event naming each part and why.
   */
  private async downloadNir(): Promise<void> {
    if (this.model === undefined) return this.fail('no model to download yet: press Train, or open a model file')
    // loaded on first use: HDF5 (h5wasm, the C library as WebAssembly) is 4 MB the page need not fetch before
    const { exportMetadata, networkToNir, writeNir } = await import('@spikegrad/nir')
    const file = modelToFile(this.model)
    const graph = networkToNir(this.model.network, this.model.theta, { metadata: exportMetadata(file as unknown as Record<string, unknown>) })
    if (graph._tag === 'Left') return this.fail(`NIR cannot express this network:\n${graph.left.issues.map(formatIssue).join('\n')}`)
    const bytes = await writeNir(graph.right)
    this.emit({ type: 'binaryFile', bytes, name: this.fileName.replace(/\.json$/, '') + '.nir' })
  }

  /** The held-out trial with the current parameters, and with `map` a classification task's decision map. */
  private picture(model: Model, map: boolean): void {
    try {
      const figures = modelFigureData(model, { trials: 1, decisionMap: false })
      const decided = map ? decisionMap(model, { mapPoints: model.task.splits?.validation !== undefined ? 'validation' : false, mapResolution }) : undefined
      this.emit({ type: 'figures', iteration: model.iteration, sample: figures.samples[0]!, ...(decided !== undefined && { map: decided }) })
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e))
    }
  }

  /** Scores the current parameters as `spikegrad evaluate` does: the run's held-out trials (or its split). */
  private score(model: Model): void {
    const run = model.spec.run ?? {}
    const split = run.evaluateSplit
    const trials = split !== undefined ? model.task.splits?.[split]?.size : (run.evaluateTrials ?? 16)
    const result = evaluate(model, split !== undefined ? { split } : { trials: trials!, seed: model.spec.seed })
    if (result._tag === 'Left') return this.fail(`the score of the current parameters: ${result.left.message}`)
    const { primary, loss, count } = result.right
    const score: CurrentScore = {
      iteration: model.iteration,
      name: primary.name,
      value: primary.value,
      higherIsBetter: primary.higherIsBetter,
      loss,
      trials: count,
      ...(split !== undefined ? { split } : { seed: model.spec.seed }),
    }
    this.emit({ type: 'score', score })
  }

  private summary(model: Model): ModelSummary {
    const schedule = model.spec.training.schedule as { lr?: unknown }
    return {
      task: model.spec.task.name,
      description: describePopulations(model),
      iteration: model.iteration,
      iterations: this.target,
      parameters: model.network.layout.size,
      lr: typeof schedule.lr === 'number' ? schedule.lr : NaN,
      primary: model.task.primaryScore,
      workers: this.workers > 1 && this.startGradients !== undefined ? this.workers : 1,
      spec: model.spec as ModelSpec,
    }
  }

  private setState(state: SessionState): void {
    this.emit({ type: 'state', state })
  }

  private fail(message: string): void {
    this.emit({ type: 'error', message })
  }
}

/** The model at a run's state. */
function withState(model: Model, state: FitState): Model {
  return { ...model, theta: state.theta, iteration: state.iteration, optimizerState: state.optimizerState, history: state.history }
}

function problems(what: string, invalid: Invalid): string {
  return `${what}: ${invalid.issues.map(formatIssue).join('; ')}`
}
