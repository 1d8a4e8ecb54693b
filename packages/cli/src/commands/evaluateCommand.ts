import { createProgress } from '../progress.js'
import { UserError, usageError } from '../cliError.js'
import { evaluateWithProgress } from '../evaluate/evaluateWithProgress.js'
import { openModel } from '../model/openModel.js'
import { parseNonNegativeInt, parsePositiveInt } from '../optionParsers.js'
import type { CommandRegistrar } from './commandContext.js'

interface EvaluateCommandOptions {
  readonly trials: number
  readonly seed?: number
  readonly json?: boolean
}

/**
 * `spikegrad evaluate <model> [--trials N] [--seed S] [--json]`: scores a model file on N
 * held-out trials (default 500; trial i drawn with seed `evaluationTrialSeed(S, i)`, S the
 * model's seed unless given) with the task's score, and reports the mean loss and firing
 * rate. With --json, stdout is one JSON object: the task's scores (e.g. `accuracy` or
 * `nmse`), `trials`, `seed`, `meanRateHz`, `loss` and the model's `iteration`. Progress on stderr.
 */
export const evaluateCommand: CommandRegistrar = (program, { stdout, stderr, env }) => {
  program
    .command('evaluate')
    .description("score a model on held-out trials with its task's score (e.g. accuracy, nmse), with its firing rate")
    .argument('<model>', 'model file (format "spikegrad-model/1"), e.g. runs/xor/model.json')
    .option('--trials <N>', 'held-out trials', parsePositiveInt('--trials'), 500)
    .option('--seed <S>', "base seed of the held-out trials (default: the model's seed, as during training)", parseNonNegativeInt('--seed'))
    .option('--json', 'print one JSON object on stdout')
    .action(async (path: string, options: EvaluateCommandOptions) => {
      if (options.seed !== undefined && options.seed > 0xffffffff) {
        throw usageError(`--seed must be at most 4294967295, got ${options.seed} (e.g. --seed 1)`)
      }
      const model = await openModel(path)
      const seed = options.seed ?? model.spec.seed
      const progress = createProgress({ total: options.trials, label: 'evaluate', stream: stderr, env })
      const result = evaluateWithProgress(model, { trials: options.trials, seed }, (done) => progress.update(done))
      progress.stop()
      if (result._tag === 'Left') throw new UserError(`${path}: evaluation failed: ${result.left.message}`)
      const { scores, loss, firingRate, primary } = result.right
      if (options.json === true) {
        stdout.write(`${JSON.stringify({ ...scores, trials: options.trials, seed, meanRateHz: firingRate, loss, iteration: model.iteration })}\n`)
        return
      }
      const others = Object.entries(scores).filter(([name]) => name !== primary.name)
      stdout.write(
        `${primary.name} ${primary.value} on ${options.trials} held-out trials (seed ${seed}; ${primary.higherIsBetter ? 'higher' : 'lower'} is better)\n` +
          others.map(([name, value]) => `${name} ${value}\n`).join('') +
          `mean loss ${loss} per trial, mean firing rate ${firingRate.toFixed(2)} Hz; the model has trained ${model.iteration} iterations\n`,
      )
    })
}
