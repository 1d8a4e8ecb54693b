export { initialTheta } from '@spikegrad/core'
