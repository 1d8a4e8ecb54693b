import { ContainerModule } from 'inversify'
import { bindPlugin } from '@spikegrad/core'
import { TaskFactoryToken, type TaskFactory } from '@spikegrad/core'
import { xorTask } from './xorTask.js'

/** Binds (and lists in the plugin catalog) {@link xorTask} to `TaskFactoryToken` under the name 'xor'. */
export const XorTaskModule = new ContainerModule((options) => {
  bindPlugin<TaskFactory>(options.bind, TaskFactoryToken, 'xor', xorTask)
})
