#!/usr/bin/env node
/**
 * The `spikegrad` executable: builds the program, parses the command line, and exits with
 * 0 (success), 1 (failure) or 2 (usage error); see README.md.
 */
import { runCli } from './cliError.js'
import { buildProgram } from './program.js'

process.exitCode = await runCli(process.argv, (argv) => buildProgram().parseAsync(argv))
