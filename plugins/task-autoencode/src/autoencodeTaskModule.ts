import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { TaskFactoryToken, type TaskFactory } from '@spikegrad/core'
import { autoencodeTask } from './autoencodeTask.js'

/** Binds (and lists in the plugin catalog) {@link autoencodeTask} to `TaskFactoryToken` under the name 'autoencode'. */
export const AutoencodeTaskModule = new ContainerModule((options) => {
  bindPlugin<TaskFactory>(options.bind, TaskFactoryToken, 'autoencode', autoencodeTask)
})
