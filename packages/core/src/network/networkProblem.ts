import type { AdjointTransform, EventFamily, Problem, RunningCost, TerminalCost } from '../ode/problem.js'
import type { Trial } from '../plugin/task.js'
import { addTransposedProduct } from './addTransposedProduct.js'
import type { Network } from './network.js'

/**
 * The gated-synapse network of DESIGN §1 on one trial, as a Problem for the generic solver.
 *
 * State y = [x (neuron variables, variable-major: x[a·N + j]), s (N traces)]:
 *   dx/dt         = f(x, I),         I = W s + U i(t) + b
 *   tau_s ds/dt   = −s + g(v) · dv/dt      (v = x[voltageIndex·N + j])
 *   L = ∫ Σ_terms l(t, O s, s) dt + Σ_terms Φ(s(T), s(0), tau_s)
 *
 * Adjoint (λ = [λ_x, λ_s]): with λ̃ = λ_x + e_v ⊙ g(v) λ_s / tau_s (the p_v of DESIGN §2),
 *   (∂F/∂x)ᵀλ = (∂f/∂x)ᵀλ̃ + e_v ⊙ g'(v) f_v λ_s / tau_s
 *   (∂F/∂s)ᵀλ = Wᵀ(∂_I f ⊙ λ̃) − λ_s / tau_s
 *   dL/dW = ∫ (∂_I f ⊙ λ̃) sᵀ dt, dL/dU = ∫ (∂_I f ⊙ λ̃) iᵀ dt, dL/db = ∫ ∂_I f ⊙ λ̃ dt,
 *   dL/dO = ∫ (∂l/∂o) sᵀ dt, dL/dtau_s = −∫ λ_s · F_s / tau_s dt + ∂Φ/∂tau_s.
 * The right-hand side and the VJPs allocate nothing.
 */
export function networkProblem(net: Network, trial: Trial): Problem {
  const { neuron, gate, layout } = net
  const { inputs: Nin, neurons: N, outputs: Nout } = layout.sizes
  const m = neuron.stateNames.length
  const vOff = neuron.voltageIndex * N
  const sOff = m * N
  const n = sOff + N
  const nP = neuron.parameters.length
  const I = new Float64Array(N)
  const inp = new Float64Array(Math.max(Nin, 1))
  const fx = new Float64Array(m * N)
  const lamT = new Float64Array(m * N)
  const vx = new Float64Array(m * N)
  const dI = new Float64Array(N)
  const p = new Float64Array(nP)
  const pAcc = new Float64Array(nP)
  const o = new Float64Array(Nout)
  const target = new Float64Array(Math.max(Nout, 1))
  const gradO = new Float64Array(Nout)
  const gradS = new Float64Array(N)
  const gv = new Float64Array(N)
  const dgv = new Float64Array(N)
  /** gv = g(v), and dgv = g'(v) when asked, for every neuron. */
  const gates = gate.evaluate
    ? (y: Float64Array, withDerivative: boolean): void => gate.evaluate!(y, vOff, N, gv, withDerivative ? dgv : undefined)
    : (y: Float64Array, withDerivative: boolean): void => {
        for (let j = 0; j < N; j++) {
          gv[j] = gate.value(y[vOff + j])
          if (withDerivative) dgv[j] = gate.derivative(y[vOff + j])
        }
      }
  const s0 = net.initialState.subarray(sOff, n)
  const losses = net.losses
  const anyTrainedNeuronParam = layout.neuronParams.some((o) => o >= 0)

  const tauSOf = (theta: Float64Array): number => (layout.tauS >= 0 ? theta[layout.tauS] : net.tauS)
  /** Neuron parameter values: trained ones from θ, the rest fixed. */
  const params = (theta: Float64Array): Float64Array => {
    for (let k = 0; k < nP; k++) {
      const off = layout.neuronParams[k]
      p[k] = off >= 0 ? theta[off] : net.neuronParams[k]
    }
    return p
  }
  /** I = W s + U i(t) + b. */
  const current = (t: number, y: Float64Array, theta: Float64Array): void => {
    trial.input(t, inp)
    const { U, W, b } = layout
    for (let j = 0; j < N; j++) {
      let acc = theta[b + j]
      const wRow = W + j * N
      for (let k = 0; k < N; k++) acc += theta[wRow + k] * y[sOff + k]
      const uRow = U + j * Nin
      for (let q = 0; q < Nin; q++) acc += theta[uRow + q] * inp[q]
      I[j] = acc
    }
  }
  /** I from the stored trajectory (`aux`, see `auxiliary`) when given, else W s + U i + b. Sets the input too. */
  const currentFrom = (t: number, y: Float64Array, theta: Float64Array, aux: Float64Array | undefined): void => {
    if (aux === undefined) return current(t, y, theta)
    trial.input(t, inp)
    for (let j = 0; j < N; j++) I[j] = aux[j]
  }
  /** λ̃ and the neuron VJP: vx = (∂f/∂x)ᵀλ̃, dI = ∂_I f ⊙ λ̃. Needs I and p set. */
  /** Needs gv = g(v) set. */
  const neuronVjp = (y: Float64Array, lam: Float64Array, tauS: number): void => {
    for (let i = 0; i < m * N; i++) lamT[i] = lam[i]
    for (let j = 0; j < N; j++) lamT[vOff + j] += (gv[j] * lam[sOff + j]) / tauS
    neuron.vjp(p, N, y, I, lamT, vx, dI)
  }
  const addNeuronParams = (acc: Float64Array): void => {
    for (let k = 0; k < nP; k++) {
      const off = layout.neuronParams[k]
      if (off >= 0) acc[off] += pAcc[k]
    }
  }

  const rhs = (t: number, y: Float64Array, theta: Float64Array, out: Float64Array): void => {
    const tauS = tauSOf(theta)
    params(theta)
    current(t, y, theta)
    neuron.rhs(p, N, y, I, out)
    gates(y, false)
    for (let j = 0; j < N; j++) {
      out[sOff + j] = (-y[sOff + j] + gv[j] * out[vOff + j]) / tauS
    }
  }

  const vjpState = (t: number, y: Float64Array, theta: Float64Array, lam: Float64Array, out: Float64Array, aux?: Float64Array): void => {
    const tauS = tauSOf(theta)
    params(theta)
    currentFrom(t, y, theta, aux)
    neuron.rhs(p, N, y, I, fx)
    gates(y, true)
    neuronVjp(y, lam, tauS)
    for (let i = 0; i < m * N; i++) out[i] = vx[i]
    for (let j = 0; j < N; j++) {
      out[vOff + j] += (dgv[j] * fx[vOff + j] * lam[sOff + j]) / tauS
      out[sOff + j] = -lam[sOff + j] / tauS
    }
    addTransposedProduct(theta, layout.W, N, N, dI, 1, out, sOff)
  }

  const vjpParams = (
    t: number,
    y: Float64Array,
    theta: Float64Array,
    lam: Float64Array,
    scale: number,
    acc: Float64Array,
    aux?: Float64Array,
  ): void => {
    const tauS = tauSOf(theta)
    params(theta)
    currentFrom(t, y, theta, aux)
    gates(y, false)
    neuronVjp(y, lam, tauS)
    const { U, W, b } = layout
    for (let j = 0; j < N; j++) {
      const d = scale * dI[j]
      if (d === 0) continue
      acc[b + j] += d
      const wRow = W + j * N
      for (let k = 0; k < N; k++) acc[wRow + k] += d * y[sOff + k]
      const uRow = U + j * Nin
      for (let q = 0; q < Nin; q++) acc[uRow + q] += d * inp[q]
    }
    if (layout.tauS >= 0) {
      neuron.rhs(p, N, y, I, fx)
      let sum = 0
      for (let j = 0; j < N; j++) {
        const fs = (-y[sOff + j] + gv[j] * fx[vOff + j]) / tauS
        sum -= (lam[sOff + j] * fs) / tauS
      }
      acc[layout.tauS] += scale * sum
    }
    if (anyTrainedNeuronParam && neuron.paramVjp !== undefined) {
      pAcc.fill(0)
      neuron.paramVjp(p, N, y, I, lamT, scale, pAcc)
      addNeuronParams(acc)
    }
  }

  /** o = O s. */
  const readout = (y: Float64Array, theta: Float64Array): void => {
    const O = layout.O
    for (let r = 0; r < Nout; r++) {
      let acc = 0
      const row = O + r * N
      for (let j = 0; j < N; j++) acc += theta[row + j] * y[sOff + j]
      o[r] = acc
    }
  }
  const sView = (y: Float64Array): Float64Array => y.subarray(sOff, n)
  // The loss terms read s through a view; views of the solver's scratch arrays are made once.
  let lastY: Float64Array | undefined
  let lastS: Float64Array = new Float64Array(0)
  const sOf = (y: Float64Array): Float64Array => {
    if (y !== lastY) {
      lastY = y
      lastS = sView(y)
    }
    return lastS
  }

  /** gradO = Σ_terms ∂l/∂o, gradS = Σ_terms ∂l/∂s (partial, o held fixed) at (t, y). */
  const lossGradients = (t: number, y: Float64Array, theta: Float64Array): void => {
    readout(y, theta)
    const w = trial.target(t, target)
    const s = sOf(y)
    gradO.fill(0)
    gradS.fill(0)
    for (const loss of losses) loss.gradient(t, o, s, target, w, gradO, gradS)
  }

  const runningCost: RunningCost = {
    value(t, y, theta) {
      readout(y, theta)
      const w = trial.target(t, target)
      const s = sOf(y)
      let l = 0
      for (const loss of losses) l += loss.value(t, o, s, target, w)
      return l
    },
    gradState(t, y, theta, out) {
      lossGradients(t, y, theta)
      for (let i = 0; i < sOff; i++) out[i] = 0
      const O = layout.O
      for (let j = 0; j < N; j++) {
        let acc = gradS[j]
        for (let r = 0; r < Nout; r++) acc += theta[O + r * N + j] * gradO[r]
        out[sOff + j] = acc
      }
    },
    gradParams(t, y, theta, scale, acc) {
      lossGradients(t, y, theta)
      const O = layout.O
      for (let r = 0; r < Nout; r++) {
        const g = scale * gradO[r]
        if (g === 0) continue
        const row = O + r * N
        for (let j = 0; j < N; j++) acc[row + j] += g * y[sOff + j]
      }
    },
  }

  // The adjoint in the variables of DESIGN §2: p_s = λ_s / tau_s, p_x = λ̃ = λ_x + e_v g(v) p_s.
  //   tau_s dp_s/dt = p_s − Wᵀ(∂_I f ⊙ p_x) − ∂l/∂s,   dp_x/dt = −(∂f/∂x)ᵀ p_x − ∂l/∂x + e_v g(v) dp_s/dt
  // g' cancels: the p-equation is as smooth as the network itself, the λ-equation is not.
  const lg = new Float64Array(n)
  const adjointTransform: AdjointTransform = {
    toLambda(_t, y, theta, pa, out) {
      const tauS = tauSOf(theta)
      gates(y, false)
      for (let i = 0; i < sOff; i++) out[i] = pa[i]
      for (let j = 0; j < N; j++) {
        out[vOff + j] -= gv[j] * pa[sOff + j]
        out[sOff + j] = tauS * pa[sOff + j]
      }
    },
    fromLambda(_t, y, theta, lam, out) {
      const tauS = tauSOf(theta)
      gates(y, false)
      for (let i = 0; i < sOff; i++) out[i] = lam[i]
      for (let j = 0; j < N; j++) {
        const ps = lam[sOff + j] / tauS
        out[sOff + j] = ps
        out[vOff + j] += gv[j] * ps
      }
    },
    rhs(t, y, theta, pa, out, aux) {
      const tauS = tauSOf(theta)
      params(theta)
      currentFrom(t, y, theta, aux)
      gates(y, false)
      neuron.vjp(p, N, y, I, pa, vx, dI)
      runningCost.gradState(t, y, theta, lg)
      for (let j = 0; j < N; j++) out[sOff + j] = pa[sOff + j] - lg[sOff + j]
      addTransposedProduct(theta, layout.W, N, N, dI, -1, out, sOff)
      for (let j = 0; j < N; j++) out[sOff + j] /= tauS
      for (let i = 0; i < sOff; i++) out[i] = -vx[i] - lg[i]
      for (let j = 0; j < N; j++) out[vOff + j] += gv[j] * out[sOff + j]
    },
  }

  const terminals = losses.filter((l) => l.terminal !== undefined)
  const terminalCost: TerminalCost | undefined =
    terminals.length === 0
      ? undefined
      : {
          value(_t, y, theta) {
            const tauS = tauSOf(theta)
            let v = 0
            for (const l of terminals) v += l.terminal!.value(sView(y), s0, tauS)
            return v
          },
          gradState(_t, y, theta, out) {
            out.fill(0)
            gradS.fill(0)
            const tauS = tauSOf(theta)
            for (const l of terminals) l.terminal!.gradient(sView(y), s0, tauS, gradS)
            out.set(gradS, sOff)
          },
          gradParams(_t, y, theta, acc) {
            if (layout.tauS < 0) return
            gradS.fill(0)
            let d = 0
            for (const l of terminals) d += l.terminal!.gradient(sView(y), s0, theta[layout.tauS], gradS)
            acc[layout.tauS] += d
          },
        }

  return {
    dimension: n,
    parameterCount: layout.size,
    parameterBlocks: layout.blocks,
    rhs,
    vjpState,
    vjpParams,
    runningCost,
    ...(terminalCost && { terminalCost }),
    adjointTransform,
    // the input current, kept along the trajectory: the backward pass then needs one N×N
    // product per evaluation (Wᵀ) instead of two
    auxiliary: {
      size: N,
      compute(t: number, y: Float64Array, theta: Float64Array, out: Float64Array) {
        current(t, y, theta)
        out.set(I)
      },
    },
    events: [...resetEvents(net, params, addNeuronParams, pAcc), ...gateEdgeEvents(net)],
    ...(trial.breakpoints && trial.breakpoints.length > 0 && { breakpoints: trial.breakpoints }),
  }
}

/** The neuron's reset, one event per neuron (LIF). */
function resetEvents(
  net: Network,
  params: (theta: Float64Array) => Float64Array,
  addNeuronParams: (acc: Float64Array) => void,
  pAcc: Float64Array,
): EventFamily[] {
  const reset = net.neuron.reset
  if (reset === undefined) return []
  const N = net.layout.sizes.neurons
  const m = net.neuron.stateNames.length
  const grad = new Float64Array(m)
  const comps = Array.from({ length: N }, (_, j) => Array.from({ length: m }, (_, a) => a * N + j))
  const trained = net.layout.neuronParams.some((o) => o >= 0)
  return [
    {
      name: 'reset',
      count: N,
      direction: 'rising',
      components: (j) => comps[j],
      condition: (j, _t, y, theta) => reset.condition(params(theta), N, j, y),
      conditionGradient(j, _t, y, theta, out) {
        reset.conditionGradient(params(theta), N, j, y, grad)
        for (let a = 0; a < m; a++) out[a * N + j] = grad[a]
      },
      ...(trained &&
        reset.conditionParamGradient && {
          conditionParamGradient(j: number, _t: number, y: Float64Array, theta: Float64Array, scale: number, acc: Float64Array) {
            pAcc.fill(0)
            reset.conditionParamGradient!(params(theta), N, j, y, scale, pAcc)
            addNeuronParams(acc)
          },
        }),
      jump(j, _t, _yMinus, theta, yPlus) {
        reset.jump(params(theta), N, j, yPlus)
      },
      jumpVjp(j, _t, yMinus, theta, _lamPlus, out) {
        reset.jumpVjp(params(theta), N, j, yMinus, out)
      },
      ...(trained &&
        reset.jumpParamVjp && {
          jumpParamVjp(j: number, _t: number, yMinus: Float64Array, theta: Float64Array, lamPlus: Float64Array, acc: Float64Array) {
            pAcc.fill(0)
            reset.jumpParamVjp!(params(theta), N, j, yMinus, lamPlus, pAcc)
            addNeuronParams(acc)
          },
        }),
    },
  ]
}

/**
 * Jumps of a discontinuous gate (the box) as identity-jump events, so that the integrator
 * stops there and the jump condition carries the δ-terms of g'. With the gate's
 * `discontinuity.side` there is one event per neuron on its sign (the same arithmetic as the
 * gate's value, so the state after the event is on the new side to the last bit); otherwise
 * one event per neuron and edge on v − edge, or sin(π(v − edge)/P) for a periodic voltage.
 */
function gateEdgeEvents(net: Network): EventFamily[] {
  const { gate, neuron } = net
  const N = net.layout.sizes.neurons
  const vOff = neuron.voltageIndex * N
  const comps = Array.from({ length: N }, (_, j) => [vOff + j])
  const d = gate.discontinuity
  if (d !== undefined) {
    return [
      {
        name: 'gate-edge',
        count: N,
        direction: 'either',
        components: (j) => comps[j],
        condition: (j, _t, y) => d.side(y[vOff + j]),
        conditionGradient(j, _t, y, _theta, out) {
          out[vOff + j] = d.sideDerivative(y[vOff + j])
        },
        jump: () => undefined,
        jumpVjp: () => undefined,
      },
    ]
  }
  const edges = gate.edges
  if (edges.length === 0) return []
  const E = edges.length
  const period = gate.period
  const c = period === undefined ? (v: number, e: number) => v - e : (v: number, e: number) => Math.sin((Math.PI * (v - e)) / period)
  const dc = period === undefined ? () => 1 : (v: number, e: number) => (Math.PI / period) * Math.cos((Math.PI * (v - e)) / period)
  return [
    {
      name: 'gate-edge',
      count: N * E,
      direction: 'either',
      components: (k) => comps[Math.floor(k / E)],
      condition: (k, _t, y) => c(y[vOff + Math.floor(k / E)], edges[k % E]),
      conditionGradient(k, _t, y, _theta, out) {
        const j = Math.floor(k / E)
        out[vOff + j] = dc(y[vOff + j], edges[k % E])
      },
      jump: () => undefined,
      jumpVjp: () => undefined,
    },
  ]
}
