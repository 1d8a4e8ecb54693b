import { createProgress } from '../progress.js'
import { UserError, usageError } from '../cliError.js'
import { bestOf, evaluate } from '@spikegrad/core'
import { openModel } from '../model/openModel.js'
import { parseNonNegativeInt, parsePositiveInt } from '../optionParsers.js'
import { cliLimits } from '../limits.js'
import type { CommandRegistrar } from './commandContext.js'

interface EvaluateCommandOptions {
  readonly trials?: number
  readonly seed?: number
  readonly split?: string
  readonly dataSeed?: number
  readonly size?: number
  readonly last?: boolean
  readonly json?: boolean
}

/**
 * `spikegrad evaluate <model> [--trials N] [--seed S] [--split NAME] [--last] [--json]`:
 * scores a model file with its task's score and reports the mean loss and firing rate — on N
 * held-out trials (default 500; trial i drawn with seed `evaluationTrialSeed(S, i)`, S the
 * model's seed unless given), on a split of the task's data set (`--split test`: all of it,
 * or its first N trials), or on K freshly generated samples of its distribution
 * (`--data-seed S --size K`, for a data set that can generate them). A model that kept its best parameters (`best`) is scored with them,
 * unless `--last`. A classification task's confusion matrix is printed too. With --json, stdout
 * is one JSON object: the task's scores (e.g. `accuracy` or `nmse`), `trials`, `seed` or
 * `split`, `meanRateHz`, `loss`, `confusion`, the model's `iteration` and the parameters
 * scored (`parameters`: 'best' or 'last'). Progress on stderr.
 */
export const evaluateCommand: CommandRegistrar = (program, { stdout, stderr, env }) => {
  program
    .command('evaluate')
    .description("score a model on held-out trials (or a split of its data set) with its task's score, e.g. accuracy, nmse")
    .argument('<model>', 'model file, e.g. runs/xor/model.json')
    .option('--trials <N>', 'held-out trials (default 500; with --split, the whole split)', parsePositiveInt('--trials', '500', cliLimits.trials))
    .option('--seed <S>', "base seed of the held-out trials (default: the model's seed, as during training)", parseNonNegativeInt('--seed', cliLimits.seed))
    .option('--split <name>', 'score a split of the task\'s data set instead, e.g. test or validation')
    .option('--data-seed <S>', 'score freshly generated samples of the task\'s data set instead, from this seed (with --size)', parseNonNegativeInt('--data-seed', cliLimits.seed))
    .option('--size <K>', 'how many fresh samples --data-seed generates (default 1000)', parsePositiveInt('--size', '1000', cliLimits.trials))
    .option('--last', 'score the last parameters, not the best ones the run kept')
    .option('--json', 'print one JSON object on stdout')
    .action(async (path: string, options: EvaluateCommandOptions) => {
      if (options.seed !== undefined && options.seed > 0xffffffff) {
        throw usageError(`--seed must be at most 4294967295, got ${options.seed} (e.g. --seed 1)`)
      }
      if (options.seed !== undefined && options.split !== undefined) throw usageError('--seed draws held-out trials; a --split has fixed trials: give one of them')
      if (options.size !== undefined && options.dataSeed === undefined) throw usageError('--size counts the fresh samples of --data-seed: give --data-seed S too')
      if (options.dataSeed !== undefined && (options.split !== undefined || options.seed !== undefined)) throw usageError('--data-seed scores fresh samples: give it without --split and --seed')
      if (options.dataSeed !== undefined && options.dataSeed > 0xffffffff) throw usageError(`--data-seed must be at most 4294967295, got ${options.dataSeed}`)
      if (options.size !== undefined && options.size > 1e6) throw usageError(`--size must be at most 1000000, got ${options.size}`)
      let opened = await openModel(path)
      if (options.dataSeed !== undefined) {
        const task = opened.task
        if (task.fresh === undefined) throw usageError(`the task "${opened.spec.task.name}" cannot generate fresh samples; drop --data-seed (its held-out trials come from --seed)`)
        const fresh = task.fresh(options.dataSeed, options.size ?? 1000)
        opened = { ...opened, task: { ...task, splits: { ...task.splits, [freshSplit]: fresh } } }
      }
      const split = options.dataSeed !== undefined ? freshSplit : options.split
      if (split !== undefined && opened.task.splits?.[split] === undefined) {
        const names = Object.keys(opened.task.splits ?? {})
        throw usageError(
          `the task "${opened.spec.task.name}" has no split "${split}"` +
            (names.length > 0 ? `; it has ${names.join(', ')} (e.g. --split ${names.includes('test') ? 'test' : names[0]})` : ': it draws its trials from a seed; drop --split'),
        )
      }
      const useBest = options.last !== true && opened.best !== undefined
      const model = useBest ? bestOf(opened) : opened
      const seed = options.seed ?? model.spec.seed
      const total = options.trials ?? (split !== undefined ? opened.task.splits![split]!.size : 500)
      const progress = createProgress({ total, label: 'evaluate', unit: 'trial', stream: stderr, env })
      const result = evaluate(model, { trials: total, ...(split !== undefined ? { split } : { seed }), onTrial: (done) => progress.update(done) })
      progress.stop()
      if (result._tag === 'Left') throw new UserError(`${path}: evaluation failed: ${result.left.message}`)
      const { scores, loss, firingRate, primary, confusion } = result.right
      const parameters = useBest ? 'best' : 'last'
      if (options.json === true) {
        stdout.write(
          `${JSON.stringify({ ...scores, trials: total, ...(options.dataSeed !== undefined ? { dataSeed: options.dataSeed } : split !== undefined ? { split } : { seed }), meanRateHz: firingRate, loss, ...(confusion && { confusion }), iteration: model.iteration, parameters, ...(useBest && { bestIteration: opened.best!.iteration }) })}\n`,
        )
        return
      }
      const others = Object.entries(scores).filter(([name]) => name !== primary.name)
      const on =
        options.dataSeed !== undefined
          ? `${total} fresh samples (data seed ${options.dataSeed})`
          : split !== undefined
            ? `${total} trials of the split "${split}"`
            : `${total} held-out trials (seed ${seed})`
      const which = useBest ? `the best parameters (after ${opened.best!.iteration} of ${opened.iteration} iterations; --last for the last)` : `the parameters after ${model.iteration} iterations`
      stdout.write(
        `${primary.name} ${primary.value} on ${on}; ${primary.higherIsBetter ? 'higher' : 'lower'} is better\n` +
          others.map(([name, value]) => `${name} ${value}\n`).join('') +
          `mean loss ${loss} per trial, mean firing rate ${firingRate.toFixed(2)} Hz; scored with ${which}\n` +
          (confusion !== undefined ? formatConfusion(confusion) : ''),
      )
    })
}

/** The name under which fresh samples are scored. */
const freshSplit = 'fresh samples'

/** A confusion matrix as a table: one row per true class, one column per predicted class. */
function formatConfusion(c: { readonly classes: readonly string[]; readonly counts: readonly (readonly number[])[] }): string {
  const width = Math.max(...c.classes.map((n) => n.length), ...c.counts.flat().map((n) => String(n).length), 4)
  const pad = (x: string): string => x.padStart(width)
  const label = Math.max(...c.classes.map((n) => n.length), 'true \\ predicted'.length)
  const lines = [
    `${'true \\ predicted'.padEnd(label)}  ${c.classes.map(pad).join('  ')}`,
    ...c.classes.map((name, i) => `${name.padEnd(label)}  ${(c.counts[i] ?? []).map((n) => pad(String(n))).join('  ')}`),
  ]
  return `confusion (rows: true class, columns: predicted):\n${lines.join('\n')}\n`
}
