import { exampleGradientChecks } from './support/exampleGradientChecks.js'

// examples/feedforward-lif.json against finite differences with every solver (see support/exampleGradientChecks.ts)
exampleGradientChecks('feedforward-lif')
