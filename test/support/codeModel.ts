import { createNetwork, getOrThrow, type Neuron, type NeuronReset, type Task, type Trial } from '@spikegrad/core'
import { polyBumpGate } from '@spikegrad/gates'
import { mseLoss } from '@spikegrad/losses'
import type { WorkerModel } from '@spikegrad/node'

// A model composed in code, with a neuron that no plugin package provides: what the gradient
// pool's workers build from a module (`module: { path, export: 'buildModel' }`). The other
// exports fail in each of the ways the pool reports.

/**
 * A leaky neuron with a threshold reset (LIF-like, fixed parameters): tau dv/dt = −v + I with
 * tau = 8 ms; when v rises through 1 it jumps to 0 (c = v − 1, v⁺ = 0, ∂v⁺/∂v = 0).
 */
export function leakyResetNeuron(): Neuron {
  const rate = 1 / 8
  const reset: NeuronReset = {
    condition: (_p, _N, j, x) => x[j]! - 1,
    conditionGradient: (_p, _N, _j, _x, out) => void (out[0] = 1),
    jump: (_p, _N, j, x) => void (x[j] = 0),
    jumpVjp: (_p, _N, j, _xMinus, lam) => void (lam[j] = 0),
  }
  return {
    kind: 'leaky-reset',
    stateNames: ['v'],
    voltageIndex: 0,
    parameters: [],
    defaults: new Float64Array(0),
    gateZone: (_p, width) => ({ center: 1 - width / 2 }),
    rhs(_p, N, x, I, out) {
      for (let j = 0; j < N; j++) out[j] = rate * (I[j]! - x[j]!)
    },
    vjp(_p, N, _x, _I, lam, outX, outI) {
      for (let j = 0; j < N; j++) {
        outX[j] = -rate * lam[j]!
        outI[j] = rate * lam[j]!
      }
    },
    initialState: (_p, N, out) => void out.fill(0, 0, N),
    reset,
  }
}

/** Two sine inputs of random phase (40 ms); the target is their product, scored after 10 ms. */
export function sineProductTask(): Task {
  return {
    kind: 'sine-product',
    inputSize: 2,
    outputSize: 1,
    losses: [mseLoss()],
    primaryScore: 'loss',
    higherIsBetter: false,
    score: () => ({ loss: 0 }),
    trial(rng): Trial {
      const a = 2 * Math.PI * rng.uniform()
      const b = 2 * Math.PI * rng.uniform()
      return {
        duration: 40,
        input(t, out) {
          out[0] = 1.5 + Math.sin(t / 6 + a)
          out[1] = 1.5 + Math.sin(t / 9 + b)
        },
        target(t, out) {
          out[0] = 0.2 * Math.sin(t / 6 + a) * Math.sin(t / 9 + b)
          return t > 10 ? 1 : 0
        },
      }
    },
  }
}

/** 2 analog inputs → `hidden` leaky-reset neurons (recurrent) → 1 readout. */
export function buildModel(argument?: { readonly hidden?: number }): WorkerModel {
  const network = getOrThrow(
    createNetwork({
      inputs: [{ name: 'input', kind: 'analog', size: 2 }],
      populations: [{ name: 'hidden', size: argument?.hidden ?? 6, neuron: leakyResetNeuron(), gate: { shape: polyBumpGate, width: 0.3 }, tauS: 5 }],
      projections: [
        { from: 'input', to: 'hidden', init: { kind: 'normal', gain: 2 } },
        { from: 'hidden', to: 'hidden', init: { kind: 'normal', gain: 1 } },
      ],
      readout: { size: 1, from: ['hidden'] },
      losses: [mseLoss()],
    }),
  )
  return { network, task: sineProductTask() }
}

/** The same model, built asynchronously. */
export const buildModelLater = async (argument?: { readonly hidden?: number }): Promise<WorkerModel> => buildModel(argument)

// the ways a worker module can fail

export const notAFunction = 42

export function throws(): WorkerModel {
  throw new Error('no model today')
}

export function returnsNothing(): void {}

export function returnsNetworkOnly(): { network: WorkerModel['network'] } {
  return { network: buildModel().network }
}

export const otherTask = (): WorkerModel => ({ ...buildModel(), task: { ...sineProductTask(), kind: 'sine-sum' } })
