import test from 'ava'
import { assertAllocationFree } from './support/allocation.js'

test('allocation — the feedforward-lif network\'s right-hand side, VJPs, cost gradients and adjoint in p allocate nothing per call', (t) => assertAllocationFree(t, 'feedforward-lif'))
