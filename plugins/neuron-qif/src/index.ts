export { qifNeuron, qifParameters } from './qifNeuron.js'
export { QifNeuronModule } from './qifNeuronModule.js'
