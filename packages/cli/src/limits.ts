/**
 * The largest values the command line accepts for counts that size memory, threads or work,
 * checked when the option is parsed, before anything is allocated. Each is far above what a
 * run needs and far below what would exhaust a machine.
 */
export const cliLimits = {
  /** `--workers`: gradient worker threads (each holds its own copy of the model). */
  workers: 256,
  /** `--neurons`, `--hidden`, bench `--n`: neurons in one population (core's own limit). */
  neurons: 1_000_000,
  /** `--batch`, bench `--batch-size`: trials per step. */
  batch: 100_000,
  /** `--iterations`, `--epochs`, `--checkpoint-every`, `--evaluate-every`. */
  iterations: 1_000_000_000,
  /** evaluate `--trials`, `--size`, train `--evaluate-trials`: trials scored at once. */
  trials: 1_000_000,
  /** plot `--trials`, train `--plot-trials`: sample trials drawn (figures each). */
  plotTrials: 100,
  /** plot `--map-resolution`: cells per axis of a decision map (its square is solved). */
  mapResolution: 1000,
  /** `--seed`, `--data-seed`: a 32-bit seed. */
  seed: 0xffffffff,
  /** bench `--repeats`. */
  repeats: 1000,
  /** sweep: runs in one sweep (seeds × every combination of the `--set` values). */
  sweepRuns: 1000,
  /** import: the largest NIR file read, in bytes (as the JSON files: a model of millions of weights fits). */
  nirBytes: 256 * 1024 * 1024,
} as const
