import { exampleGradientChecks } from './support/exampleGradientChecks.js'

// examples/qif-raised-cosine.json against finite differences with every solver (see support/exampleGradientChecks.ts)
exampleGradientChecks('qif-raised-cosine')
