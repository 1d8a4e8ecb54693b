import test from 'ava'
import { Container } from 'inversify'
import { TaskFactoryToken, type TaskFactory } from '@spikegrad/core'
import { XorTaskModule } from './xorTaskModule.js'

test('xor task module — resolves the factory named "xor" from a container', (t) => {
  const container = new Container()
  container.load(XorTaskModule)
  const factory = container.get<TaskFactory>(TaskFactoryToken, { name: 'xor' })
  t.is(factory({ tail: 5 }).kind, 'xor')
})
