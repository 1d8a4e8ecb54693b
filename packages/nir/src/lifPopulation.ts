import { issue, type Issue } from '@spikegrad/core'
import { nodeAt } from './graphIndex.js'
import type { NirCubaLif } from './nirGraph.js'

/**
 * A CubaLIF node read as a spikegrad LIF population: tau_m = tau_mem, v_th = v_threshold,
 * v_reset, and the tau_syn that filters its input (times in ms), one value each for all its
 * neurons; per neuron, the gain r · w_in that scales every weight into it and the bias
 * b = v_leak (tau_mem dv/dt = (v_leak − v) + r I is spikegrad's tau_m dv/dt = −v + I' with
 * I' = r I + v_leak).
 */
export interface LifPopulation {
  readonly tau_m: number
  readonly v_th: number
  readonly v_reset: number
  readonly tauSyn: number
  readonly gain: Float64Array
  /** b_j, to which an Affine's bias adds (hence mutable while the graph is read). */
  readonly bias: Float64Array
}

/** The population of a CubaLIF node, or undefined with issues naming the node and field. */
export function lifPopulation(name: string, node: NirCubaLif, toMs: number, issues: Issue[]): LifPopulation | undefined {
  const at = nodeAt(name)
  const before = issues.length
  for (const field of ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold', 'v_reset', 'w_in'] as const) {
    if (node[field].shape.length !== 1) issues.push(issue(`${at}.${field}`, `has shape [${node[field].shape.join(', ')}]; spikegrad's populations are flat`, 'give the neurons as one dimension'))
  }
  if (issues.length > before) return undefined
  const one = (field: 'tau_mem' | 'tau_syn' | 'v_threshold' | 'v_reset'): number => {
    const data = node[field].data
    if (!data.every((x) => x === data[0])) {
      issues.push(issue(`${at}.${field}`, `differs between the neurons of the node (from ${Math.min(...data)} to ${Math.max(...data)}); a spikegrad population keeps one value`, 'split the node into nodes whose neurons share it'))
    }
    return data[0]!
  }
  const [tauMem, tauSyn, vTh, vReset] = [one('tau_mem'), one('tau_syn'), one('v_threshold'), one('v_reset')]
  if (issues.length > before) return undefined
  if (!(tauMem > 0) || !(tauSyn > 0)) issues.push(issue(at, `has tau_mem = ${tauMem} and tau_syn = ${tauSyn}; both must be positive`))
  if (!(vReset < vTh)) issues.push(issue(at, `has v_reset = ${vReset} not below v_threshold = ${vTh}`, 'a LIF neuron resets below its threshold'))
  if (issues.length > before) return undefined
  const gain = Float64Array.from(node.r.data, (r, j) => r * node.w_in.data[j]!)
  return { tau_m: tauMem * toMs, v_th: vTh, v_reset: vReset, tauSyn: tauSyn * toMs, gain, bias: Float64Array.from(node.v_leak.data) }
}
