/**
 * Why the figure data of a model could not be computed: a sample trial, a point of a decision
 * map or a split that could not be simulated or found; the message names which and why.
 */
export class FigureDataFailure extends Error {
  override readonly name = 'FigureDataFailure'
}
