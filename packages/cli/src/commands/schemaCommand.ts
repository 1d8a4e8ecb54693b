import { Argument } from 'commander'
import { modelSpecSchema, networkConfigSchema } from '@spikegrad/core'
import type { CommandRegistrar } from './commandContext.js'

/** The files a schema is printed for, with the schema of each. */
const schemas = { spec: modelSpecSchema, network: networkConfigSchema } as const

/**
 * `spikegrad schema [spec|network]`: prints the JSON Schema (draft 2020-12) of a model
 * specification (what `train --model-spec` reads; the default) or of a network configuration
 * (what `gradient --config` reads), generated from the decoders themselves, e.g. for an
 * editor's completion: `spikegrad schema spec > spikegrad-spec.schema.json`.
 */
export const schemaCommand: CommandRegistrar = (program, { stdout }) => {
  program
    .command('schema')
    .description('print the JSON Schema of a model specification (train --model-spec) or of a network configuration (gradient --config)')
    .addArgument(new Argument('[kind]', 'spec or network').choices(Object.keys(schemas)).default('spec'))
    .action((kind: keyof typeof schemas) => {
      stdout.write(`${JSON.stringify(schemas[kind](), null, 2)}\n`)
    })
}
