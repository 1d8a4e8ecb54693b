import { ContainerModule } from 'inversify'
import { bindPlugin, TaskFactoryToken, type TaskFactory } from '@spikegrad/core'
import { yinYangTask } from './yinYangTask.js'

/** Binds (and lists in the plugin catalog) {@link yinYangTask} to `TaskFactoryToken` under the name 'yinyang'. */
export const YinYangTaskModule = new ContainerModule((options) => {
  bindPlugin<TaskFactory>(options.bind, TaskFactoryToken, 'yinyang', yinYangTask)
})
