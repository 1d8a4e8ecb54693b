import type { FigureData, SampleTrial, TrialResponse } from './figureData.js'
import { decisionMapPlot } from './decisionMapPlot.js'
import { historyPlot } from './historyPlot.js'
import { parameterPlot } from './parameterPlot.js'
import { rasterPlot } from './rasterPlot.js'
import { scoreTimePlot } from './scoreTimePlot.js'
import { readoutPlot } from './readoutPlot.js'

/**
 * Every figure of a trained model, by file name: `history.svg`, `score-vs-time.svg` (the scores
 * against the training minutes they cost, when the history records times), `decision-map.svg` (a
 * classification task on a plane), and for sample k (from 1)
 * and each phase present (before, after) `sample-k-<phase>-readout.svg` and
 * `sample-k-<phase>-raster.svg`, and for each trained per-neuron parameter its distribution
 * before and after training, `parameter-<name>.svg` (`tau_m:hidden` → `parameter-tau_m-hidden.svg`),
 * and so for each projection's delays (`delay:hidden<-input` → `parameter-delay-hidden--input.svg`).
 */
export async function figuresFromData(data: FigureData): Promise<Record<string, string>> {
  const model = data.title ?? 'model'
  const figures: Record<string, string> = {}
  figures['history.svg'] = await historyPlot({ ...data.history, title: `${model}: training history` })
  const h = data.history
  const scored = h.scores ?? (h.score === undefined ? [] : [h.score])
  if (h.minutes !== undefined && scored.some((s) => s.values.some((v, k) => Number.isFinite(v) && h.iterations[k]! > 0))) {
    figures['score-vs-time.svg'] = await scoreTimePlot({
      minutes: h.minutes.values,
      clock: h.minutes.clock,
      scores: scored,
      ...(h.references !== undefined && { references: h.references }),
      title: `${model}: score against training time`,
    })
  }
  if (data.decisionMap !== undefined) figures['decision-map.svg'] = await decisionMapPlot(data.decisionMap, `${model}: decision map`)
  for (const p of data.parameters ?? []) {
    figures[`parameter-${p.name.replace(/[^A-Za-z0-9_.-]/g, '-')}.svg`] = await parameterPlot({ ...p, title: `${model}: ${p.name}, one value per ${p.per ?? 'neuron'}` })
  }
  for (const [index, sample] of data.samples.entries()) {
    const phases: [string, TrialResponse | undefined][] = [
      ['before', sample.before],
      ['after', sample.after],
    ]
    for (const [phase, response] of phases) {
      if (response === undefined) continue
      const name = `sample-${index + 1}-${phase}`
      const title = `${model}: sample ${index + 1}${labelText(sample)}, ${phase} training`
      figures[`${name}-readout.svg`] = await readoutPlot({
        times: sample.times,
        series: [
          ...response.readout.map((s, channel) => ({ ...s, role: 'readout' as const, channel })),
          ...sample.targets.map((s, channel) => ({ ...s, role: 'target' as const, channel })),
        ],
        ...(sample.windows === undefined ? {} : { windows: sample.windows }),
        ...(sample.inputs && { inputs: sample.inputs }),
        ...(sample.inputSpikes && { inputSpikes: sample.inputSpikes }),
        title: `${title}: readout and target`,
      })
      figures[`${name}-raster.svg`] = await rasterPlot({
        spikes: response.spikes,
        neurons: sample.neurons,
        ...(sample.populations && { populations: sample.populations }),
        duration: sample.duration,
        ...(sample.inputSpikes && { inputSpikes: sample.inputSpikes }),
        ...(sample.spikeTargets && { targets: sample.spikeTargets }),
        title: `${title}: spikes`,
      })
    }
  }
  return figures
}

function labelText(sample: SampleTrial): string {
  return sample.label === undefined || sample.label === '' ? '' : ` (${sample.label})`
}
