import type { Issue } from '@spikegrad/core'

/**
 * The problems of `loadPluginPackages` (`plugins[i]: …`) as issues under `prefix`, e.g.
 * `config.plugins[0]` or `model.json: model.spec.plugins[1]`.
 */
export function pluginIssues(prefix: string, errors: readonly string[]): Issue[] {
  return errors.map((e) => {
    const m = /^plugins(\[\d+\]): /.exec(e)
    return m === null
      ? { at: `${prefix}plugins`, problem: e, code: 'plugin-package' }
      : { at: `${prefix}plugins${m[1]}`, problem: e.slice(m[0].length), code: 'plugin-package' }
  })
}
