import { exampleGradientChecks } from './support/exampleGradientChecks.js'

// examples/lif-poly-bump.json against finite differences with every solver (see support/exampleGradientChecks.ts)
exampleGradientChecks('lif-poly-bump')
