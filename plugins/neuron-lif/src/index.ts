export { lifNeuron, lifParameters } from './lifNeuron.js'
export { LifNeuronModule } from './lifNeuronModule.js'
