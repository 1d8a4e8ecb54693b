import { Option } from 'commander'
import { adjointNames, checkGradient, hasDelays, networkGradient, networkLoss, networkProblem, type AdjointName, type GradientCheckReport, type SolveError, type SolveOptions, type StructureName } from '@spikegrad/core'
import { writeFileAtomic } from '@spikegrad/node'
import { UserError, usageError } from '../cliError.js'
import { fullGradientCheckResult, gradientCheckResult, gradientResult } from '../gradient/gradientResult.js'
import { loadNetworkFile } from '../gradient/loadNetworkFile.js'
import { parsePositiveInt } from '../optionParsers.js'
import { refuseOutputOverInput } from '../util/refuseOutputOverInput.js'
import type { CommandRegistrar } from './commandContext.js'

interface GradientOptions {
  readonly config: string
  readonly check?: boolean
  readonly out?: string
  readonly perBlock?: number
  readonly memory?: 'checkpoint' | 'all'
  readonly adjoint?: AdjointName
  readonly structure?: StructureName
}

/**
 * `spikegrad gradient --config net.json [--check [--per-block K]] [--out grad.json] [--adjoint checkpoint|all|finite-differences]`:
 * the exact gradient dL/dθ of a network configuration by the adjoint method, printed as one
 * JSON object `{ loss, spikes, events, stats, gradient: { "hidden<-input": …, … } }` (by block
 * name); with `--check`, compared with finite differences block by block instead:
 * `{ loss, ok, maxRelativeError, tolerance, blocks: { "hidden<-input": { maxRelativeError,
 * uncertainty, disagreements, unresolved, … }, … } }`, a summary per block on stderr, and exit 1
 * when an entry disagrees beyond the oracle's uncertainty. Configuration errors exit 2 (every
 * problem, each naming its field); a failed solve exits 1 with the solver's message.
 */
export const gradientCommand: CommandRegistrar = (program, { stdout, stderr }) => {
  program
    .command('gradient')
    .description('the exact gradient of a network configuration (adjoint method), or its check against finite differences')
    .requiredOption('-c, --config <file>', 'network configuration (JSON, format "spikegrad-network/2" or /1; see examples/)')
    .option('--check', 'compare the adjoint gradient with finite differences (five-point stencils on a ladder of steps, with their own uncertainty), block by block; exit 1 if any entry disagrees beyond it')
    .option('--per-block <K>', 'with --check: check K entries per block, spread evenly (default: all)', parsePositiveInt('--per-block'))
    .option('-o, --out <file>', 'also write the full result to this file (atomically)')
    .addOption(
      new Option('--adjoint <method>', "how the gradient is made: the continuous adjoint recomputing from checkpoints (checkpoint), keeping every step (all), or differences of forward solves, 2 per entry (finite-differences: solves the network whole) (default: the configuration's, else checkpoint)").choices([
        ...adjointNames,
      ]),
    )
    .addOption(new Option('--memory <mode>', 'the former spelling of --adjoint checkpoint|all').choices(['checkpoint', 'all']))
    .addOption(
      new Option('--structure <how>', "solve in closed form (LIF populations that read spike inputs; else by blocks), by the network's structure (blocks: each neuron of a feedforward population on its own steps) or whole (default: the configuration's, else monolithic)").choices([
        'closed-form',
        'blocks',
        'monolithic',
      ]),
    )
    .action(async (options: GradientOptions) => {
      if (options.perBlock !== undefined && options.check !== true) {
        throw usageError(`--per-block applies only with --check (e.g. --check --per-block ${options.perBlock})`)
      }
      if (options.out !== undefined) refuseOutputOverInput({ flag: '--out', path: options.out }, [{ flag: '--config', path: options.config }])
      const composed = await loadNetworkFile(options.config)
      // a network with delays has no monolithic problem: the oracle differentiates its structured solve
      const problem = hasDelays(composed.network) ? networkLoss(composed.network, composed.trial) : networkProblem(composed.network, composed.trial)
      const solve: SolveOptions = {
        ...composed.solve,
        ...(options.memory !== undefined && { adjoint: options.memory }),
        ...(options.adjoint !== undefined && { adjoint: options.adjoint }),
        ...(options.structure !== undefined && { structure: options.structure }),
      }
      // the network's gradient as the solve options say (by blocks or whole); the same problem's either way
      const gradient = () => networkGradient(composed.network, composed.initialValue.theta, composed.trial, solve)
      let printed: unknown
      let full: unknown
      let failed = false
      if (options.check === true) {
        const checked = options.perBlock === undefined ? 'every entry' : `${options.perBlock} entries per block`
        stderr.write(`gradient: checking ${checked} against finite differences (five-point stencils at halving steps, 6 to 18 forward solves per entry)\n`)
        const report = checkGradient(problem, composed.initialValue, {
          adjoint: solve,
          gradient,
          // each entry resolved to 1% of the tolerance it is judged by (1e-5 of its block's largest entry)
          resolution: 1e-7,
          ...(options.perBlock !== undefined && { perBlock: options.perBlock }),
        })
        if (report._tag === 'Left') throw solveFailed(report.left)
        printed = gradientCheckResult(report.right)
        full = fullGradientCheckResult(composed, report.right)
        stderr.write(`${checkSummary(report.right)}\n`)
        if (!report.right.ok) failed = true
      } else {
        const solution = gradient()
        if (solution._tag === 'Left') throw solveFailed(solution.left)
        printed = full = gradientResult(composed, solution.right)
      }
      stdout.write(`${JSON.stringify(printed)}\n`)
      if (options.out !== undefined) {
        const written = writeFileAtomic(options.out, `${JSON.stringify(full)}\n`)
        if (written._tag === 'Left') throw new UserError(written.left.message)
        stderr.write(`wrote ${options.out}\n`)
      }
      if (failed) throw new UserError('gradient: the adjoint disagrees with finite differences beyond their uncertainty (see "disagreements" above)')
    })
}

/**
 * One line per block: its error, the oracle's uncertainty, and what could not be resolved,
 * e.g. `gradient: hidden<-hidden: max error 1.1e-6 over 100 entries (finite differences ± 3.0e-7)`.
 */
function checkSummary(report: GradientCheckReport): string {
  const lines = Object.entries(report.blocks).map(([name, b]) => {
    const unresolved = b.unresolved.length > 0 ? `; ${b.unresolved.length} ${b.unresolved.length === 1 ? 'entry' : 'entries'} unresolved: finite differences too uncertain there (${b.unresolved.length === 1 ? 'entry' : 'entries'} ${b.unresolved.slice(0, 8).join(', ')}${b.unresolved.length > 8 ? ', …' : ''})` : ''
    const bad = b.disagreements > 0 ? `; ${b.disagreements} entries DISAGREE beyond the tolerance and the oracle's uncertainty` : ''
    return `gradient: ${name}: max error ${b.maxRelativeError.toExponential(1)} over ${b.checked} entries (finite differences ± ${b.uncertainty.toExponential(1)})${unresolved}${bad}`
  })
  lines.push(`gradient: ${report.ok ? 'check passed' : 'CHECK FAILED'} (tolerance ${report.tolerance} of each block's largest entry)`)
  return lines.join('\n')
}

/** A failed solve as a UserError (exit 1): the solver's message says when, where and how to fix it. */
function solveFailed(error: SolveError): UserError {
  return new UserError(`the solve failed: ${error.message}`)
}
