/**
 * What the figures of a model are drawn from — `spikegrad plot`'s and the playground's: its
 * training history and a few sample trials, each with the target and the network's readout
 * and spikes before and after training, and a classification task's decision map. Plain
 * values (no file format, no renderer), so that any program can draw them. Times in ms.
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** A spike of neuron `neuron` (0-based) at `time` ms. */
export interface SpikeEvent {
  readonly neuron: number
  readonly time: number
}

/** A named curve sampled at a trial's times, named for a legend: e.g. 'readout', 'target 1', 'input 0'. */
export interface NamedSeries {
  readonly name: string
  /** values[k] at times[k]; NaN leaves a gap. */
  readonly values: readonly number[]
}

/**
 * The loss, and optionally the task's primary score, at each recorded training iteration;
 * `scores` holds one series per evaluated split instead (e.g. 'validation', 'train').
 */
export interface TrainingHistory {
  readonly iterations: readonly number[]
  readonly loss: readonly number[]
  readonly score?: NamedSeries
  readonly scores?: readonly NamedSeries[]
  /**
   * The training time spent before each of `iterations` (the steps' times summed, evaluations
   * not counted), in minutes: of CPU when every step recorded its CPU time, else of wall clock.
   */
  readonly minutes?: { readonly clock: 'cpu' | 'wall'; readonly values: readonly number[] }
  /** Other methods' results to draw beside the score against time: `value` of the primary score after `minutes`. */
  readonly references?: readonly ScoreReference[]
}

/** Another run's or method's score after some minutes of training, drawn as a point beside the curve. */
export interface ScoreReference {
  readonly name: string
  readonly minutes: number
  readonly value: number
}

/** A point of a decision map: where it is, its class and the class the network reports. */
export interface MapPoint {
  readonly x: number
  readonly y: number
  readonly label: number
  readonly predicted: number
}

/**
 * The classes a network reports over a task's plane (`Task.plane`): the class at the centre of
 * each cell of a grid (cells outside the task's domain left out), and the points of one split
 * with their classes and predictions.
 */
export interface DecisionMap {
  readonly x: { readonly name: string; readonly min: number; readonly max: number }
  readonly y: { readonly name: string; readonly min: number; readonly max: number }
  readonly classes: readonly string[]
  /** Cells per axis. */
  readonly resolution: number
  /** The cells' centres and predicted classes. */
  readonly cells: readonly { readonly x: number; readonly y: number; readonly predicted: number }[]
  readonly points: readonly MapPoint[]
  /** Where the points come from, e.g. 'the test split'. */
  readonly pointsFrom: string
}

/** The network's response to one trial: readout channels o_r(t) and every spike. */
export interface TrialResponse {
  readonly readout: readonly NamedSeries[]
  readonly spikes: readonly SpikeEvent[]
}

/** A population's rows of the raster: neurons offset … offset + size − 1. */
export interface PopulationRows {
  readonly name: string
  readonly offset: number
  readonly size: number
}

/** An input spike of channel `channel` (0-based, over the spike-input channels) at `time` ms. */
export interface InputSpike {
  readonly channel: number
  readonly time: number
}

/**
 * What a loss on spike times asks of a population in one trial, marked on the raster: the target
 * spike times (`spikes`, rows as in `SpikeEvent`), or the neuron that should fire first (`first`,
 * a row: the trial's class, for a first-spike classification), with a caption (`label`).
 */
export interface SpikeTargets {
  /** The population whose panel carries the marks. */
  readonly population: string
  readonly spikes?: readonly SpikeEvent[]
  readonly first?: number
  readonly label: string
}

/** One sample trial with the network's response before (optional) and after training. */
export interface SampleTrial {
  /** Shown in titles, e.g. 'signs +1, -1'. */
  readonly label?: string
  /** Trial length T, ms. */
  readonly duration: number
  /** Number of neurons N (rows of the raster). */
  readonly neurons: number
  /** The populations the neurons belong to (default: one, of all N); the raster draws one panel each. */
  readonly populations?: readonly PopulationRows[]
  /** The analog inputs i_m(t) at `times`, drawn under the readout. */
  readonly inputs?: readonly NamedSeries[]
  /** The input spikes, drawn under the readout. */
  readonly inputSpikes?: readonly InputSpike[]
  /** Readout sample times, ms, increasing. */
  readonly times: readonly number[]
  /** Target channels o*_r(t) at `times`. */
  readonly targets: readonly NamedSeries[]
  /** Scored windows [start, end], ms. */
  readonly windows?: readonly (readonly [number, number])[]
  /** For a model whose loss reads spike times: what it asks of the output population, marked on the raster. */
  readonly spikeTargets?: SpikeTargets
  readonly before?: TrialResponse
  readonly after: TrialResponse
}

/** Everything the figures of one trained model are drawn from. */
export interface FigureData {
  /** Names the model in figure titles, e.g. 'xor, 80 QIF neurons'. */
  readonly title?: string
  readonly history: TrainingHistory
  readonly samples: readonly SampleTrial[]
  /** For a classification task on a plane: its decision map. */
  readonly decisionMap?: DecisionMap
  /** Each trained per-neuron parameter's values, one per neuron, before and after training. */
  readonly parameters?: readonly ParameterDistribution[]
}

/**
 * The values of a trained per-neuron parameter (a θ block such as `tau_m:hidden`) or of a
 * projection's delays (`delay:hidden<-input`) at the start of training and now.
 */
export interface ParameterDistribution {
  /** The block's name, `tau_m:hidden`. */
  readonly name: string
  /** Its unit, e.g. 'ms' ('1' for a dimensionless one). */
  readonly unit: string
  /** What one value belongs to (absent: a neuron). */
  readonly per?: 'neuron' | 'synapse' | 'source neuron' | 'target neuron'
  /** One value per neuron: as the network was made (θ's initial values) and as trained. */
  readonly before: readonly number[]
  readonly after: readonly number[]
}
