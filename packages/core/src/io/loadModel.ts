import { dirname } from 'node:path'
import { isLeft, left, type Either } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { loadPluginPackages } from '../plugin/loadPluginPackages.js'
import { createModel, modelFromFile, modelToFile, type Model } from '../training/model.js'
import { decode } from './decode.js'
import type { IoError } from './ioError.js'
import { readModelFile, writeModelFile } from './modelFile.js'
import { ModelSpecCodec } from './modelSpec.js'

/**
 * Reads a model file, validates it (errors name the field, e.g.
 * `model.json: model.weights.W[3][2]: expected a finite number, got "x"`), loads the plugin
 * packages it names — and `defaultPlugins` — resolved from the file's folder first, and
 * composes the model with its saved weights, optimiser state and history. Every problem is
 * prefixed with the file's path.
 */
export async function loadModel(path: string, defaultPlugins: readonly string[] = []): Promise<Either<readonly string[], Model>> {
  const file = readModelFile(path)
  if (isLeft(file)) return file
  const container = new Container()
  const errors = await loadPluginPackages(container, [...new Set([...file.right.plugins, ...defaultPlugins])], dirname(path))
  if (errors.length > 0) return left(errors.map((e) => `${path}: ${e}`))
  const model = modelFromFile(container, file.right)
  return isLeft(model) ? left(model.left.map((e) => `${path}: ${e}`)) : model
}

/** Writes the model's file atomically (see `writeModelFile`). */
export function saveModel(path: string, model: Model): Either<IoError, void> {
  return writeModelFile(path, modelToFile(model))
}

/**
 * A fresh model from a specification given as JSON (see `ModelSpec`): validates it, loads
 * the plugin packages it names and `defaultPlugins` (resolved from `baseDir` first), and
 * draws the initial weights from its seed (`createModel`).
 */
export async function createModelFromJson(
  value: unknown,
  baseDir: string,
  defaultPlugins: readonly string[] = [],
): Promise<Either<readonly string[], Model>> {
  const spec = decode(ModelSpecCodec, value, 'model')
  if (isLeft(spec)) return spec
  const container = new Container()
  const errors = await loadPluginPackages(container, [...new Set([...spec.right.plugins, ...defaultPlugins])], baseDir)
  if (errors.length > 0) return left(errors)
  return createModel(container, spec.right)
}
