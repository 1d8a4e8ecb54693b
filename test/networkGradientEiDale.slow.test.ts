import { exampleGradientChecks } from './support/exampleGradientChecks.js'

// examples/ei-dale.json against finite differences with every solver (see support/exampleGradientChecks.ts)
exampleGradientChecks('ei-dale')
