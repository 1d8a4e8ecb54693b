import test from 'ava'
import { Rng } from '@spikegrad/core'
import { adexEquations, equationNeuron } from '@spikegrad/neuron-equations'
import { bytesPerCall } from './support/allocation.js'

test('allocation — an equation neuron (AdEx: two variables, exp, a reset) allocates nothing per call of rhs, the VJPs and every reset function', async (t) => {
  const neuron = equationNeuron(adexEquations)
  const reset = neuron.reset!
  const N = 20
  const S = 2
  const rng = new Rng(3)
  const p = neuron.defaults
  const x = Float64Array.from({ length: S * N }, (_, i) => (i < N ? rng.between(-75, -45) : rng.between(0, 100)))
  const I = Float64Array.from({ length: N }, () => rng.between(0, 800))
  const lam = Float64Array.from({ length: S * N }, () => rng.between(-1, 1))
  const out = new Float64Array(S * N)
  const outI = new Float64Array(N)
  const acc = new Float64Array(p.length)
  const grad = new Float64Array(S)
  const xs = x.slice()
  const ls = lam.slice()
  const fns: Record<string, (s: number) => void> = {
    rhs: () => neuron.rhs(p, N, x, I, out),
    vjp: () => neuron.vjp(p, N, x, I, lam, out, outI),
    paramVjp: () => neuron.paramVjp!(p, N, x, I, lam, 1e-6, acc),
    'reset.condition': (s) => void (acc[0] = reset.condition(p, N, s % N, x)),
    'reset.conditionGradient': (s) => reset.conditionGradient(p, N, s % N, x, grad),
    'reset.conditionParamGradient': (s) => reset.conditionParamGradient!(p, N, s % N, x, 1e-6, acc),
    'reset.jump': (s) => reset.jump(p, N, s % N, xs),
    'reset.jumpVjp': (s) => reset.jumpVjp(p, N, s % N, x, ls),
    'reset.jumpParamVjp': (s) => reset.jumpParamVjp!(p, N, s % N, x, lam, acc),
  }
  const reps = 100000
  for (const [name, f] of Object.entries(fns)) {
    const perCall = Math.min(await bytesPerCall(f, reps), await bytesPerCall(f, reps), await bytesPerCall(f, reps))
    t.log(`${name}: ${perCall.toFixed(3)} bytes per call`)
    t.true(perCall < 1, `${name} allocates ${perCall} bytes per call`)
  }
  const control = await bytesPerCall((r) => {
    if (new Float64Array(N)[0] !== 0 || r < 0) throw new Error('impossible')
  }, reps)
  t.log(`control (one Float64Array(${N}) per call): ${control.toFixed(1)} bytes per call`)
  t.true(control >= 64, `the control must show its allocation, got ${control}`)
})
