export { codeBlocks, commentedOutput, type CodeBlock } from './codeBlocks.js'
export { runCodeBlock, typeErrors, type BlockFailure, type BlockRun, type RunOptions } from './runCodeBlock.js'
