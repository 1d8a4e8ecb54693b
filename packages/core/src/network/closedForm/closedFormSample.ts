/** Where a closed-form solve samples its neurons: at `times`, into traces and voltages (k·N + neuron), v at the end into finalVoltages. */
export interface ClosedFormSample {
  readonly times: Float64Array
  readonly traces: Float64Array
  readonly voltages: Float64Array
  readonly finalVoltages: Float64Array
}
