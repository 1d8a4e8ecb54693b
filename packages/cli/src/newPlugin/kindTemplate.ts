/** What differs between the scaffolds of a neuron, a gate, a loss and a task. */
export interface KindTemplate {
  /** The core token the module binds the factory to, e.g. 'NeuronFactoryToken'. */
  readonly token: string
  /** The factory's type in core, e.g. 'NeuronFactory'. */
  readonly factoryType: string
  /** The package's one-line description. */
  readonly description: string
  /** The options the test passes to checkPlugin (TypeScript source), e.g. '{ stateRanges: [[-1, 2]] }'. */
  readonly checkOptions: string
  /** The factory's file, src/<factory>.ts. */
  readonly source: string
}
