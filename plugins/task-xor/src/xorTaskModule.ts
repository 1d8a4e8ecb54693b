import { ContainerModule } from 'inversify'
import { TaskFactoryToken, type TaskFactory } from '@spikegrad/core'
import { xorTask } from './xorTask.js'

/** Binds {@link xorTask} to `TaskFactoryToken` under the name 'xor'. */
export const XorTaskModule = new ContainerModule((options) => {
  options.bind<TaskFactory>(TaskFactoryToken).toConstantValue(xorTask).whenNamed('xor')
})
