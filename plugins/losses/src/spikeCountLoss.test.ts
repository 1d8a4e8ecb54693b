import test from 'ava'
import { checkLoss, formatPluginCheck } from '@spikegrad/core'
import { spikeCountLoss } from './spikeCountLoss.js'
import { checkAccumulates, checkLossGradients } from './_lossGradients.test.js'

const none = new Float64Array(0)

test('spike-count loss — running cost c Σ s and terminal cost c · Σ tau_j (s_j(T) - s_j(0))', (t) => {
  const loss = spikeCountLoss({ weight: 0.5 })
  const s = Float64Array.of(0.25, 1, 2)
  t.is(loss.value(3, none, s, none, 0), 0.5 * 3.25)
  t.is(loss.terminal?.value(s, Float64Array.of(0, 0.5, 0.25), Float64Array.of(10, 10, 10)), 0.5 * 10 * 2.5)
  t.is(loss.terminal?.value(s, Float64Array.of(0, 0.5, 0.25), Float64Array.of(4, 2, 10)), 0.5 * (4 * 0.25 + 2 * 0.5 + 10 * 1.75))
  t.is(spikeCountLoss().value(0, none, Float64Array.of(1), none, 1), 1e-3)
  t.is(loss.kind, 'spike-count')
})

test('spike-count loss — gradS, the terminal gradS(T) and ∂Φ/∂tau_s agree with central differences', (t) => {
  checkLossGradients(t, spikeCountLoss({ weight: 0.03 }), 2)
})

test('spike-count loss — gradients accumulate; gradO is left alone', (t) => {
  checkAccumulates(t, spikeCountLoss({ weight: 0.2 }))
  const gradO = Float64Array.of(1, 2)
  spikeCountLoss().gradient(0, Float64Array.of(5, 5), Float64Array.of(1), Float64Array.of(0, 0), 1, gradO, new Float64Array(1))
  t.deepEqual(Array.from(gradO), [1, 2])
})

test('spike-count loss — the terminal gradient gives ∂Φ/∂s_j(T) = c tau_j and ∂Φ/∂tau_j = c (s_j(T) - s_j(0))', (t) => {
  const gradS = new Float64Array(2)
  const gradTau = new Float64Array(2)
  spikeCountLoss({ weight: 0.1 }).terminal?.gradient(Float64Array.of(1, 3), Float64Array.of(0.5, 0.5), Float64Array.of(20, 5), gradS, gradTau)
  t.deepEqual(Array.from(gradTau), [0.1 * 0.5, 0.1 * 2.5])
  t.deepEqual(Array.from(gradS), [0.1 * 20, 0.1 * 5])
})

test('spike-count loss — passes core checkLoss', (t) => {
  const report = checkLoss(spikeCountLoss({ weight: 0.05 }))
  t.true(report.ok, formatPluginCheck(report))
})

test('spike-count loss — bad parameters are refused with the parameter named', (t) => {
  t.throws(() => spikeCountLoss({ weight: -1e-3 }), { message: /spike-count loss: parameter "weight" = -0.001 is out of range/ })
  t.throws(() => spikeCountLoss({ weight: NaN }), { message: /parameter "weight" must be a finite number, got NaN/ })
  t.throws(() => spikeCountLoss({ scale: 1 }), { message: /unknown parameter "scale" \(known: weight\)/ })
})

/**
 * The identity behind the cost: for tau_s ds/dt = -s + g(v) v'(t),
 *   ∫_0^T g(v) v' dt = ∫_0^T s dt + tau_s (s(T) - s(0)).
 * A phase v(t) rises smoothly from 0 to 4π + 1, crossing the 2π-periodic raised-cosine zone
 * around π twice (at π and 3π), so the charge is exactly 2. s is integrated by RK4 with a fine
 * step from s(0) = 0.3, together with ∫ s dt, ∫ g v' dt and ∫ l dt of the loss.
 */
test('spike-count loss — ∫ l dt + Φ is c × the delivered charge: one unit per crossing of the gate zone', (t) => {
  const T = 100 // ms
  const tauS = 10 // ms
  const width = 1
  const A = 4 * Math.PI + 1
  const B = 0.8
  const v = (time: number): number => (A * time) / T + B * Math.sin((2 * Math.PI * time) / T)
  const dv = (time: number): number => A / T + ((2 * Math.PI * B) / T) * Math.cos((2 * Math.PI * time) / T)
  const gate = (volt: number): number => {
    let u = volt - Math.PI
    u -= 2 * Math.PI * Math.round(u / (2 * Math.PI))
    return Math.abs(u) < width / 2 ? (1 + Math.cos((2 * Math.PI * u) / width)) / width : 0
  }
  const c = 0.01
  const loss = spikeCountLoss({ weight: c })
  const sBuf = new Float64Array(1)
  // y = [s, ∫ s dt, ∫ g(v) v' dt, ∫ l dt]
  const f = (time: number, y: Float64Array, out: Float64Array): void => {
    const drive = gate(v(time)) * dv(time)
    sBuf[0] = y[0]
    out[0] = (-y[0] + drive) / tauS
    out[1] = y[0]
    out[2] = drive
    out[3] = loss.value(time, none, sBuf, none, 1)
  }
  const steps = 20000
  const h = T / steps
  const y = Float64Array.of(0.3, 0, 0, 0)
  const s0 = y[0]
  const k = [1, 2, 3, 4].map(() => new Float64Array(4))
  const tmp = new Float64Array(4)
  for (let n = 0; n < steps; n++) {
    const time = n * h
    f(time, y, k[0])
    for (let i = 0; i < 4; i++) tmp[i] = y[i] + 0.5 * h * k[0][i]
    f(time + 0.5 * h, tmp, k[1])
    for (let i = 0; i < 4; i++) tmp[i] = y[i] + 0.5 * h * k[1][i]
    f(time + 0.5 * h, tmp, k[2])
    for (let i = 0; i < 4; i++) tmp[i] = y[i] + h * k[2][i]
    f(time + h, tmp, k[3])
    for (let i = 0; i < 4; i++) y[i] += (h / 6) * (k[0][i] + 2 * k[1][i] + 2 * k[2][i] + k[3][i])
  }
  const [sT, integralS, charge, integralL] = y
  const boundary = tauS * (sT - s0)
  t.true(Math.abs(boundary) > 0.1, `the boundary term matters here: tau_s (s(T) - s(0)) = ${boundary}`)
  t.true(Math.abs(charge - 2) < 1e-9, `∫ g v' dt = ${charge}, expected 2`)
  t.true(Math.abs(integralS + boundary - 2) < 1e-9, `∫ s dt + tau_s (s(T) - s(0)) = ${integralS + boundary}, expected 2`)
  const phi = loss.terminal?.value(Float64Array.of(sT), Float64Array.of(s0), Float64Array.of(tauS)) ?? NaN
  t.true(Math.abs(integralL + phi - 2 * c) < 1e-11, `∫ l dt + Φ = ${integralL + phi}, expected ${2 * c}`)
})
