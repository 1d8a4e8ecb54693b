import test from 'ava'
import { Container } from 'inversify'
import { TaskFactoryToken, type TaskFactory } from '@spikegrad/core'
import { AutoencodeTaskModule } from './autoencodeTaskModule.js'

test('autoencode task module — resolves the factory named "autoencode" from a container', (t) => {
  const container = new Container()
  container.load(AutoencodeTaskModule)
  const factory = container.get<TaskFactory>(TaskFactoryToken, { name: 'autoencode' })
  t.is(factory({ channels: 1 }).kind, 'autoencode')
})
