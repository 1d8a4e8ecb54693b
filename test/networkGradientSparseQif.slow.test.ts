import { exampleGradientChecks } from './support/exampleGradientChecks.js'

// examples/sparse-qif.json against finite differences with every solver (see support/exampleGradientChecks.ts)
exampleGradientChecks('sparse-qif')
