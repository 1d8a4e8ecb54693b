import type { EquationNeuronDefinition } from './definition.js'

/**
 * The leaky integrate-and-fire neuron of `@spikegrad/neuron-lif`, written as equations:
 * tau_m dv/dt = -v + I, reset to v_reset when v rises through v_th (v dimensionless, t in ms).
 */
export const lifEquations: EquationNeuronDefinition = {
  equations: ['dv/dt = (I - v) / tau_m'],
  threshold: 'v > v_th',
  reset: ['v = v_reset'],
  parameters: {
    tau_m: { value: 10, unit: 'ms', description: 'membrane time constant', min: 1e-3 },
    v_th: { value: 1, description: 'threshold: v rising through it fires a spike' },
    v_reset: { value: 0, description: 'value v jumps to after a spike' },
  },
  voltage: 'v',
}

/**
 * The theta neuron of `@spikegrad/neuron-qif` (the QIF neuron in phase form), written as
 * equations: tau_v dθ/dt = (1 − cos θ) + (1 + cos θ) I, no reset; a spike is θ passing π, so
 * the gate zone is centred on π with period 2π.
 */
export const thetaEquations: EquationNeuronDefinition = {
  equations: ['dtheta/dt = ((1 - cos(theta)) + (1 + cos(theta)) * I) / tau_v'],
  parameters: { tau_v: { value: 2, unit: 'ms', description: 'membrane time constant of the phase equation', min: 1e-3 } },
  voltage: 'theta',
  gate: { center: 'pi', period: '2*pi' },
}

/**
 * An adaptive LIF: the adaptation current w follows v and is raised by b at each spike
 * (the example of docs/writing-a-plugin.md, with a resting potential and an input resistance).
 */
export const adaptiveLifEquations: EquationNeuronDefinition = {
  equations: ['dv/dt = (-(v - v_rest) - w + R*I) / tau_m', 'dw/dt = (a*(v - v_rest) - w) / tau_w'],
  threshold: 'v > v_th',
  reset: ['v = v_reset', 'w = w + b'],
  parameters: {
    v_rest: 0,
    R: 1,
    tau_m: { value: 10, unit: 'ms', min: 1e-3 },
    a: 0.1,
    tau_w: { value: 50, unit: 'ms', min: 1e-3 },
    v_th: 1,
    v_reset: 0,
    b: 0.2,
  },
  voltage: 'v',
}

/**
 * Izhikevich (2003), v in mV, t in ms, I in mV/ms: regular spiking with the default a, b, c, d.
 */
export const izhikevichEquations: EquationNeuronDefinition = {
  equations: ['dv/dt = 0.04*v^2 + 5*v + 140 - u + I', 'du/dt = a*(b*v - u)'],
  threshold: 'v > v_peak',
  reset: ['v = c', 'u += d'],
  parameters: {
    a: { value: 0.02, unit: '1/ms', description: 'recovery rate' },
    b: { value: 0.2, description: 'sensitivity of u to v' },
    c: { value: -65, unit: 'mV', description: 'reset value of v' },
    d: { value: 8, unit: 'mV/ms', description: 'jump of u at a spike' },
    v_peak: { value: 30, unit: 'mV', description: 'spike cut-off' },
  },
  voltage: 'v',
  initial: { v: 'c', u: 'b*c' },
}

/**
 * The exponential integrate-and-fire neuron (Fourcaud-Trocmé et al. 2003), v in mV, t in ms,
 * R·I in mV: the spike's upswing is the exponential term, cut at v_peak.
 */
export const eifEquations: EquationNeuronDefinition = {
  equations: ['dv/dt = (-(v - E_L) + Delta_T*exp((v - V_T)/Delta_T) + R*I) / tau_m'],
  threshold: 'v > v_peak',
  reset: ['v = v_reset'],
  parameters: {
    E_L: { value: -65, unit: 'mV' },
    Delta_T: { value: 2, unit: 'mV', min: 1e-3 },
    V_T: { value: -50, unit: 'mV' },
    R: { value: 1, unit: 'mV per unit of I' },
    tau_m: { value: 10, unit: 'ms', min: 1e-3 },
    v_peak: { value: -30, unit: 'mV' },
    v_reset: { value: -65, unit: 'mV' },
  },
  voltage: 'v',
  initial: { v: 'E_L' },
}

/**
 * The adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005, their figure's
 * parameters): C in pF, g_L and a in nS, v in mV, I, w and b in pA, t in ms.
 */
export const adexEquations: EquationNeuronDefinition = {
  equations: ['dv/dt = (-g_L*(v - E_L) + g_L*Delta_T*exp((v - V_T)/Delta_T) - w + I) / C', 'dw/dt = (a*(v - E_L) - w) / tau_w'],
  threshold: 'v > v_peak',
  reset: ['v = v_reset', 'w += b'],
  parameters: {
    C: { value: 281, unit: 'pF', min: 1e-3 },
    g_L: { value: 30, unit: 'nS' },
    E_L: { value: -70.6, unit: 'mV' },
    V_T: { value: -50.4, unit: 'mV' },
    Delta_T: { value: 2, unit: 'mV', min: 1e-3 },
    tau_w: { value: 144, unit: 'ms', min: 1e-3 },
    a: { value: 4, unit: 'nS' },
    b: { value: 80.5, unit: 'pA' },
    v_peak: { value: 0, unit: 'mV' },
    v_reset: { value: -70.6, unit: 'mV' },
  },
  voltage: 'v',
  initial: { v: 'E_L' },
}
