import type { Neuron } from '@spikegrad/core'

/**
 * A test neuron whose voltage follows its input exactly, dv/dt = I (units 1/ms), with no
 * parameters and no reset: it lets a test prescribe v(t) and look at the gated synapse alone.
 */
export function integratorNeuron(): Neuron {
  return {
    kind: 'integrator',
    stateNames: ['v'],
    voltageIndex: 0,
    parameters: [],
    defaults: new Float64Array(0),
    gateZone: () => ({ center: 0 }),
    rhs(_p, N, _x, I, out) {
      for (let j = 0; j < N; j++) out[j] = I[j]
    },
    vjp(_p, N, _x, _I, lam, outX, outI) {
      for (let j = 0; j < N; j++) {
        outX[j] = 0
        outI[j] = lam[j]
      }
    },
    initialState(_p, N, out) {
      out.fill(0, 0, N)
    },
  }
}
