import test from 'ava'
import { centreOf, isPerNeuron, perNeuronValueProblems, perNeuronValues } from './parameterValue.js'
import { resolveParameters, type ParameterSpec } from './parameterSpec.js'

const median = (xs: Float64Array): number => {
  const s = Array.from(xs).sort((a, b) => a - b)
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2
}

test('parameter values — rules draw their distribution: uniform within [min, max), normal around its mean, log-normal positive around its median', (t) => {
  const N = 4000
  const u = perNeuronValues({ kind: 'uniform', min: 2, max: 3 }, N, 'p/a')
  t.true(u.every((x) => x >= 2 && x < 3))
  t.true(Math.abs(u.reduce((a, x) => a + x, 0) / N - 2.5) < 0.02)
  const n = perNeuronValues({ kind: 'normal', mean: 1, std: 0.5 }, N, 'p/a')
  const mean = n.reduce((a, x) => a + x, 0) / N
  const sd = Math.sqrt(n.reduce((a, x) => a + (x - mean) ** 2, 0) / N)
  t.true(Math.abs(mean - 1) < 0.03 && Math.abs(sd - 0.5) < 0.03, `mean ${mean}, sd ${sd}`)
  const l = perNeuronValues({ kind: 'log-normal', median: 10, sigma: 0.3 }, N, 'p/a')
  t.true(l.every((x) => x > 0))
  t.true(Math.abs(median(l) / 10 - 1) < 0.03, `median ${median(l)}`)
  t.deepEqual([...perNeuronValues({ kind: 'constant', value: 7 }, 3, 'p/a')], [7, 7, 7])
  t.deepEqual([...perNeuronValues([1, 2, 3], 3, 'p/a')], [1, 2, 3])
})

test('parameter values — the same rule, seed and names give the same values; another seed or another parameter other values', (t) => {
  const rule = { kind: 'uniform', min: 0, max: 1 } as const
  t.deepEqual([...perNeuronValues(rule, 5, 'hidden/tau_m')], [...perNeuronValues(rule, 5, 'hidden/tau_m')])
  t.notDeepEqual([...perNeuronValues(rule, 5, 'hidden/tau_m')], [...perNeuronValues(rule, 5, 'hidden/v_th')])
  t.notDeepEqual([...perNeuronValues(rule, 5, 'hidden/tau_m')], [...perNeuronValues(rule, 5, 'output/tau_m')])
  t.notDeepEqual([...perNeuronValues(rule, 5, 'hidden/tau_m')], [...perNeuronValues({ ...rule, seed: 2 }, 5, 'hidden/tau_m')])
})

test('parameter values — a malformed value is named field by field; centres stand for a per-neuron value', (t) => {
  t.deepEqual(perNeuronValueProblems([]), ['must list one value per neuron, got an empty list'])
  t.deepEqual(perNeuronValueProblems([1, Number.NaN]), ['entry [1] must be a finite number, got NaN'])
  t.deepEqual(perNeuronValueProblems({ kind: 'normal', mean: 1 } as never), ['the normal rule needs a finite "std", got undefined'])
  t.deepEqual(perNeuronValueProblems({ kind: 'log-normal', median: -1, sigma: 1 }), ['the log-normal rule needs median > 0 and sigma ≥ 0, got -1 and 1'])
  t.deepEqual(perNeuronValueProblems({ kind: 'uniform', min: 0, max: 1, seed: -1 }), ['seed must be an integer in [0, 4294967295], got -1'])
  t.is(centreOf([1, 2, 6]), 3)
  t.is(centreOf({ kind: 'uniform', min: 2, max: 4 }), 3)
  t.is(centreOf({ kind: 'log-normal', median: 10, sigma: 1 }), 10)
  t.true(isPerNeuron([1]) && isPerNeuron({ kind: 'constant', value: 1 }) && !isPerNeuron(1))
})

test('resolveParameters — per-neuron values only when asked for, each entry of a list in range', (t) => {
  const specs: ParameterSpec[] = [{ name: 'tau', value: 10, unit: 'ms', min: 1 }]
  const shared = resolveParameters('toy', specs, { tau: [2, 3] })
  t.deepEqual('errors' in shared && shared.errors, ['toy: parameter "tau" must be a finite number (this neuron takes one value per population), got 2,3'])
  const per = resolveParameters('toy', specs, { tau: [2, 4] }, { perNeuron: true })
  t.true('values' in per && per.values[0] === 3 && (per.perNeuron.tau as number[])[1] === 4)
  const low = resolveParameters('toy', specs, { tau: [2, 0.5] }, { perNeuron: true })
  t.deepEqual('errors' in low && low.errors, ['toy: parameter "tau" = 0.5 is out of range [1, inf] ms'])
})
