export { initialTheta } from '@spikegrad/core/internal'
