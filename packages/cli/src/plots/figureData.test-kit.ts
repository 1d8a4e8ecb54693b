import type { FigureData, TrialResponse } from './figureData.js'

/**
 * A small synthetic FigureData: 20 iterations of a decaying loss with an accuracy, and one
 * 100 ms XOR-like trial of 6 neurons, sampled every 5 ms, with a scored window [60, 100] ms.
 * `before` can be left out to model a file without the untrained snapshot.
 */
export function sampleFigureData(options: { readonly before?: boolean } = {}): FigureData {
  const iterations = Array.from({ length: 20 }, (_, k) => k + 1)
  const times = Array.from({ length: 21 }, (_, k) => 5 * k)
  const response = (gain: number, offset: number): TrialResponse => ({
    readout: [{ name: 'o0', values: times.map((t) => gain / (1 + Math.exp(-(t - 60) / 8))) }],
    spikes: Array.from({ length: 6 }, (_, neuron) =>
      Array.from({ length: 4 }, (_, k) => ({ neuron, time: offset + 20 * k + 3 * neuron })),
    ).flat(),
  })
  return {
    title: 'synthetic',
    history: {
      iterations,
      loss: iterations.map((i) => 0.4 * Math.exp(-i / 6)),
      score: { name: 'accuracy', values: iterations.map((i) => Math.min(1, 0.5 + i / 30)) },
    },
    samples: [
      {
        label: 'signs +1, -1',
        duration: 100,
        neurons: 6,
        times,
        targets: [{ name: 'o*0', values: times.map((t) => (t >= 60 ? 1 : 0)) }],
        windows: [[60, 100]],
        ...(options.before === false ? {} : { before: response(0.2, 2) }),
        after: response(1, 1),
      },
    ],
  }
}
