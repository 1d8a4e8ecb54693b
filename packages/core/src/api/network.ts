/**
 * Networks as graphs: populations of a neuron plugin with their gate and synaptic time
 * constant, input groups (analog or spike trains), projections (dense, masked, sparse;
 * trained or frozen; Dale's law), biases and a readout. `createNetwork` checks a
 * `NetworkSpec` and lays θ out block by block; `packWeights` / `unpackWeights` turn θ into
 * weights by block name and back; `networkProblem` is the network on one trial as a solver
 * `Problem` (started from `trialInitialState`), and `simulate` runs it forward;
 * `parameterName` and `stateComponentName` name an entry of θ or of the state in the network's
 * terms; `connectivityPattern` and `patternCoordinates` give the entries a sparse or masked
 * projection has. Invalid specifications are `Invalid` values whose
 * issues name the field (`formatIssue`).
 *
 * Everything here is exported from `@spikegrad/core`.
 * @module network
 */
export type { Connectivity, GateChoice, DelaySpec, InitRule, InputSpec, NetworkSpec, PopulationSpec, ProjectionSpec, ReadoutSpec, Signs } from '../network/networkSpec.js'
export type { Network, NetworkBlock, NetworkDelay, NetworkInput, NetworkLayout, NetworkPopulation, NetworkProjection, NetworkReadout, ProjectionSource } from '../network/network.js'
export { delayIndex, hasDelays } from '../network/network.js'
export { createNetwork } from '../network/createNetwork.js'
export { recurrentNetwork, recurrentWeights, type RecurrentInit, type RecurrentNetworkSpec, type RecurrentWeights } from '../network/recurrentNetwork.js'
export { packWeights, projectionMatrix, unpackWeights, type WeightRecord } from '../network/weights.js'
export { initialWeights } from '../network/initialWeights.js'
export { constraintViolation, hasConstraints, projectConstraints } from '../network/networkConstraints.js'
export { networkProblem } from '../network/networkProblem.js'
export { trialInitialState } from '../network/networkEvents.js'
export { parameterName, stateComponentName } from '../network/networkNames.js'
export { connectivityPattern, patternCoordinates, type Pattern } from '../network/connectivityPattern.js'
export { simulate, type SimulateOptions, type Simulation } from '../network/simulate.js'
export { formatIssue, invalid, issue, leftInvalid, type Invalid, type Issue, type IssueCode } from '../util/invalid.js'
