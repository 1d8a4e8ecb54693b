import { Option } from 'commander'
import { adjointGradient, checkGradient, networkProblem, writeFileAtomic, type SolveError, type SolveOptions } from '@spikegrad/core'
import { UserError, usageError } from '../cliError.js'
import { fullGradientCheckResult, gradientCheckResult, gradientResult } from '../gradient/gradientResult.js'
import { loadNetworkFile } from '../gradient/loadNetworkFile.js'
import { parsePositiveInt } from '../optionParsers.js'
import type { CommandRegistrar } from './commandContext.js'

interface GradientOptions {
  readonly config: string
  readonly check?: boolean
  readonly out?: string
  readonly perBlock?: number
  readonly memory?: 'checkpoint' | 'all'
}

/**
 * `spikegrad gradient --config net.json [--check [--per-block K]] [--out grad.json] [--memory checkpoint|all]`:
 * the exact gradient dL/dθ of a network configuration by the adjoint method, printed as one
 * JSON object `{ loss, spikes, events, stats, gradient: { U, W, b, O } }`; with `--check`,
 * compared with five-point finite differences block by block instead:
 * `{ loss, maxRelativeError, blocks: { U: { maxRelativeError, … }, W, b, O } }`.
 * Configuration errors exit 2 (every problem, each naming its field); a failed solve exits 1
 * with the solver's message (time, component, fix).
 */
export const gradientCommand: CommandRegistrar = (program, { stdout, stderr }) => {
  program
    .command('gradient')
    .description('the exact gradient of a network configuration (adjoint method), or its check against finite differences')
    .requiredOption('-c, --config <file>', 'network configuration (JSON, format "spikegrad-network/1"; see examples/)')
    .option('--check', 'compare the adjoint gradient with five-point finite differences, block by block')
    .option('--per-block <K>', 'with --check: check K entries per block, spread evenly (default: all)', parsePositiveInt('--per-block'))
    .option('-o, --out <file>', 'also write the full result to this file (atomically)')
    .addOption(
      new Option('--memory <mode>', 'how the backward pass gets the forward trajectory (default: the configuration\'s, else checkpoint)').choices([
        'checkpoint',
        'all',
      ]),
    )
    .action(async (options: GradientOptions) => {
      if (options.perBlock !== undefined && options.check !== true) {
        throw usageError(`--per-block applies only with --check (e.g. --check --per-block ${options.perBlock})`)
      }
      const composed = await loadNetworkFile(options.config)
      const problem = networkProblem(composed.network, composed.trial)
      const solve: SolveOptions = options.memory === undefined ? composed.solve : { ...composed.solve, memory: options.memory }
      let printed: unknown
      let full: unknown
      if (options.check === true) {
        const checked = options.perBlock === undefined ? 'every entry' : `${options.perBlock} entries per block`
        stderr.write(`gradient: checking ${checked} against five-point finite differences (4 forward solves per entry)\n`)
        const report = checkGradient(problem, composed.initialValue, {
          adjoint: solve,
          ...(options.perBlock !== undefined && { perBlock: options.perBlock }),
        })
        if (report._tag === 'Left') throw solveFailed(report.left)
        printed = gradientCheckResult(report.right)
        full = fullGradientCheckResult(composed, report.right)
      } else {
        const solution = adjointGradient(problem, composed.initialValue, solve)
        if (solution._tag === 'Left') throw solveFailed(solution.left)
        printed = full = gradientResult(composed, solution.right)
      }
      stdout.write(`${JSON.stringify(printed)}\n`)
      if (options.out !== undefined) {
        const written = writeFileAtomic(options.out, `${JSON.stringify(full)}\n`)
        if (written._tag === 'Left') throw new UserError(written.left.message)
        stderr.write(`wrote ${options.out}\n`)
      }
    })
}

/** A failed solve as a UserError (exit 1): the solver's message says when, where and how to fix it. */
function solveFailed(error: SolveError): UserError {
  return new UserError(`the solve failed: ${error.message}`)
}
