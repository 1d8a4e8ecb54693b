import { usageError } from '../cliError.js'

/**
 * The parser of the repeatable option `--task-param key=value` (a number): each use adds one
 * entry to the record of task parameters, e.g. `--task-param pulseDelayMin=30
 * --task-param pulseDelayMax=50` → { pulseDelayMin: 30, pulseDelayMax: 50 }. A later use of
 * the same key wins.
 * @throws UserError (exit 2) naming the option and the value when it is not `name=<number>`.
 */
export function parseTaskParam(raw: string, previous: Readonly<Record<string, number>> = {}): Record<string, number> {
  return parseNamedNumber('--task-param', 'pulseDelayMin=30')(raw, previous)
}

/** The parser of another repeatable `name=<number>` option, e.g. `--neuron-param tau_m=20`. */
export function parseNamedNumber(flag: string, example: string): (raw: string, previous?: Readonly<Record<string, number>>) => Record<string, number> {
  return (raw, previous = {}) => {
    const match = /^\s*([A-Za-z_][\w.-]*)\s*=\s*(.+?)\s*$/.exec(raw)
    const value = match === null ? NaN : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(match[2]!) ? Number(match[2]) : NaN
    if (match === null || !Number.isFinite(value)) {
      throw usageError(`${flag} must be name=<number>, got ${JSON.stringify(raw)} (e.g. ${flag} ${example})`)
    }
    return { ...previous, [match[1]!]: value }
  }
}
