import { ContainerModule } from 'inversify'
import { TaskFactoryToken, type TaskFactory } from '@spikegrad/core'
import { autoencodeTask } from './autoencodeTask.js'

/** Binds {@link autoencodeTask} to `TaskFactoryToken` under the name 'autoencode'. */
export const AutoencodeTaskModule = new ContainerModule((options) => {
  options.bind<TaskFactory>(TaskFactoryToken).toConstantValue(autoencodeTask).whenNamed('autoencode')
})
