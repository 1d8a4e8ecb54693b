import { defaultPlugins } from '../gradient/defaultPlugins.js'

/**
 * The plugin packages that come with spikegrad and that `train`, `evaluate` and `plot` always
 * load: the neurons, gates and losses of {@link defaultPlugins}, the paper's two tasks
 * (`xor`, `autoencode`) and the Yin-Yang benchmark (`yinyang`). A model trained by `spikegrad train` names them in its `plugins`, so
 * that the gradient workers load them too.
 */
export const builtinPlugins: readonly string[] = [...defaultPlugins, '@spikegrad/task-xor', '@spikegrad/task-autoencode', '@spikegrad/task-yinyang']

/** `a` then the entries of `b` that `a` lacks, in order. */
export function withPlugins(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])]
}
