import test from 'ava'
import { assertAllocationFree } from './support/allocation.js'

test('allocation — the heterogeneous-lif network\'s right-hand side, VJPs, cost gradients and adjoint in p allocate nothing per call (per-neuron parameter tables, tau_s and gate zones, trained)', (t) =>
  assertAllocationFree(t, 'heterogeneous-lif'))
