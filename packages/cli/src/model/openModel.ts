import { statSync } from 'node:fs'
import { formatIssue, MODEL_FORMAT, type Model } from '@spikegrad/core'
import { loadModel, readJsonFile } from '@spikegrad/node'
import { UserError } from '../cliError.js'
import { builtinPlugins } from './builtinPlugins.js'
import { problemList } from './problemList.js'

/**
 * Loads a model file for `evaluate`, `plot` and `train --resume` with core's `loadModel`
 * (the plugin packages it names and {@link builtinPlugins}, resolved from its folder first).
 * @throws UserError (exit 1) when the file is missing, is not JSON, is not a model file at all
 * (no `"format"`), or is not a valid one: every problem core reports, one per line, each
 * naming its field (`model.json: model.weights["hidden<-hidden"][3][2]: must be a finite number, got "x"`).
 */
export async function openModel(path: string, extraPlugins: readonly string[] = []): Promise<Model> {
  const json = readJsonFile(path)
  if (json._tag === 'Left') {
    const directory = statOrUndefined(path)?.isDirectory() === true
    throw new UserError(directory ? `${path} is a directory; give the model file inside it (e.g. ${path}/model.json)` : json.left.message)
  }
  if (typeof json.right !== 'object' || json.right === null || Array.isArray(json.right) || !('format' in json.right)) {
    throw new UserError(`${path} is not a spikegrad model file (it has no "format": "${MODEL_FORMAT}"); give a model file written by spikegrad train`)
  }
  const model = await loadModel(path, [...builtinPlugins, ...extraPlugins])
  if (model._tag === 'Right') return model.right
  const lines = model.left.issues.map(formatIssue)
  if (lines.length === 1) throw new UserError(lines[0]!)
  const own = lines.map((p) => (p.startsWith(`${path}: `) ? p.slice(path.length + 2) : p))
  throw new UserError(`${path}: ${problemList(own, 'in the model file')}`)
}

function statOrUndefined(path: string) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}
