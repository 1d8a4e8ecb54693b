import 'reflect-metadata'
import test from 'ava'
import { Container } from 'inversify'
import { GateFactoryToken } from '@spikegrad/core'
import type { GateFactory } from '@spikegrad/core'
import { boxGate, GatesModule, polyBumpGate, raisedCosineGate } from './index.js'

test('GatesModule — binds box, raised-cosine and poly-bump by name, each building a gate of that kind', (t) => {
  const container = new Container()
  container.load(GatesModule)
  const expected: Record<string, GateFactory> = { box: boxGate, 'raised-cosine': raisedCosineGate, 'poly-bump': polyBumpGate }
  for (const [name, factory] of Object.entries(expected)) {
    const bound = container.get<GateFactory>(GateFactoryToken, { name })
    t.is(bound, factory)
    t.is(bound({ width: 1, center: 0 }).kind, name)
  }
})

test('gates — an invalid zone gives a message that names the field and the fix', (t) => {
  for (const factory of [boxGate, raisedCosineGate, polyBumpGate]) {
    t.throws(() => factory({ width: 0, center: 1 }), { message: /gate: zone\.width = 0 must be a positive finite number/ })
    t.throws(() => factory({ width: -1, center: 1 }), { message: /zone\.width = -1/ })
    t.throws(() => factory({ width: Number.NaN, center: 1 }), { message: /zone\.width = NaN/ })
    t.throws(() => factory({ width: 7, center: Math.PI, period: 2 * Math.PI }), {
      message: /zone\.width = 7 must be less than zone\.period = 6\.28\d*: pick a narrower zone/,
    })
    t.throws(() => factory({ width: 1, center: Number.POSITIVE_INFINITY }), { message: /zone\.center = Infinity must be a finite number/ })
    t.throws(() => factory({ width: 1, center: 0, period: -2 }), { message: /zone\.period = -2 must be a positive finite number/ })
  }
})
