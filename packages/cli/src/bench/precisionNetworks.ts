import { benchNetwork, type BenchNetwork } from './benchNetwork.js'
import type { PrecisionCase } from './benchTypes.js'

/**
 * The networks of the work–precision benchmark, by kind. 'theta' is the recurrent theta
 * network of `benchNetwork` (N neurons, T ms). A new kind (e.g. the feedforward LIF check
 * network of DESIGN §6, once networks are graphs of populations) is one entry here that
 * returns a `BenchNetwork`; the sweep, the table and the diagram take it as it is.
 */
const precisionNetworks: Readonly<Record<string, (c: PrecisionCase) => BenchNetwork>> = {
  theta: (c) => benchNetwork({ n: c.n, tMs: c.tMs, seed: c.seed }),
}

/** The network of a case. @throws Error naming the known kinds when the kind is unknown. */
export function precisionNetwork(c: PrecisionCase): BenchNetwork {
  const make = precisionNetworks[c.network]
  if (make === undefined) throw new Error(`no benchmark network of kind "${c.network}" (known: ${Object.keys(precisionNetworks).join(', ')})`)
  return make(c)
}
