import type { NetworkDescription } from '../io/networkDescription.js'
import type { RunSettings, SolverSettings, TrainingSettings } from '../io/sharedCodecs.js'

/**
 * A task's recipe: the network, optimiser, solver and run length it is best trained with, as
 * its plugin's authors chose them — what `spikegrad train <task>` starts from. Plugins are
 * named as they are bound (the network's neurons, gates and losses); `plugins` lists the
 * packages that provide them, beside the task's own. `about` says why, for the help text.
 * A cosine schedule may leave out its `total`: it then spans the run (`run.iterations`, or
 * `run.epochs` × steps per epoch), as long as the run is.
 */
export interface TaskRecipe {
  readonly about: string
  readonly plugins?: readonly string[]
  /** The network; its inputs and readout size default to the task's. */
  readonly network: NetworkDescription
  readonly training: TrainingSettings
  readonly solver: SolverSettings
  readonly run: RunSettings
  /** The seed of a fresh run (default 1). */
  readonly seed?: number
}
