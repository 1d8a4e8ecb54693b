import test from 'ava'
import { assertAllocationFree } from './support/allocation.js'

test('allocation — the qif network\'s right-hand side, VJPs, cost gradients and adjoint in p allocate nothing per call', (t) => assertAllocationFree(t, 'qif'))
