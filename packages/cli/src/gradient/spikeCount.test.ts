import test from 'ava'
import type { FiredEvent, Network } from '@spikegrad/core'
import { spikeCount } from './spikeCount.js'

const population = (name: string, stateOffset: number, period?: number, reset?: object) => ({
  name,
  size: 2,
  stateOffset,
  neuron: { voltageIndex: 0, ...(reset && { reset }) },
  gate: { center: Math.PI, ...(period !== undefined && { period }) },
})
const theta = (period?: number) => ({ populations: [population('hidden', 0, period)] }) as unknown as Network

test('spikeCount — theta neurons: the passes of θ through π (mod 2π), from the start and end states', (t) => {
  const y0 = Float64Array.from([0, 3, 0, 0])
  // neuron 0: 0 → 2π + 3.2 passes π and 3π; neuron 1: 3 → 3.2 passes π once
  t.is(spikeCount(theta(2 * Math.PI), y0, Float64Array.from([2 * Math.PI + 3.2, 3.2, 0, 0]), []), 3)
  t.is(spikeCount(theta(2 * Math.PI), y0, Float64Array.from([3.1, 3.1, 0, 0]), []), 0)
})

test('spikeCount — neurons with a reset: the reset events; no reset and no period: unknown', (t) => {
  const events: FiredEvent[] = [
    { t: 1, family: 'reset:hidden', index: 0 },
    { t: 2, family: 'gate-edge:hidden', index: 1 },
    { t: 3, family: 'reset:hidden', index: 1 },
    { t: 4, family: 'reset:other', index: 1 },
  ]
  const lif = { populations: [population('hidden', 0, undefined, {})] } as unknown as Network
  t.is(spikeCount(lif, new Float64Array(4), new Float64Array(4), events), 2)
  t.is(spikeCount(theta(), new Float64Array(4), new Float64Array(4), events), undefined)
})

test('spikeCount — several populations: the spikes of each, summed', (t) => {
  const net = { populations: [population('lif', 0, undefined, {}), population('theta', 2, 2 * Math.PI)] } as unknown as Network
  const y1 = Float64Array.from([0, 0, 3.2, 3.2, 0, 0, 0, 0])
  t.is(spikeCount(net, new Float64Array(8), y1, [{ t: 1, family: 'reset:lif', index: 1 }]), 3)
})
