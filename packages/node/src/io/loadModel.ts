import { dirname } from 'node:path'
import { isLeft, left, type Either } from 'fp-ts/lib/Either.js'
import { Container } from 'inversify'
import { composeTask, createModel, decodeModelSpec, invalid, type Invalid, type Model, modelFromFile, modelToFile, type Task } from '@spikegrad/core'
import { loadPluginPackages } from '../plugin/loadPluginPackages.js'
import { pluginIssues } from '../plugin/pluginIssues.js'
import type { IoError } from './ioError.js'
import { readModelFile, writeModelFile } from './modelFiles.js'

/**
 * Reads a model file, validates it (issues name the field, e.g.
 * `model.json: model.weights["hidden<-hidden"][3][2]: must be a finite number, got "x"`), loads
 * the plugin packages it names — and `defaultPlugins` — resolved from the file's folder first,
 * and composes the model with its saved weights, optimiser state and history. Every issue is
 * prefixed with the file's path.
 */
export async function loadModel(path: string, defaultPlugins: readonly string[] = []): Promise<Either<Invalid, Model>> {
  const file = readModelFile(path)
  if (isLeft(file)) return file
  const container = new Container()
  const errors = await loadPluginPackages(container, [...new Set([...file.right.spec.plugins, ...defaultPlugins])], dirname(path))
  if (errors.length > 0) return left(invalid(pluginIssues(`${path}: model.spec.`, errors)))
  const model = modelFromFile(container, file.right)
  return isLeft(model) ? left(invalid(model.left.issues.map((i) => ({ ...i, at: `${path}: ${i.at}` })))) : model
}

/** Writes the model's file atomically (see `writeModelFile`). */
export function saveModel(path: string, model: Model): Either<IoError, void> {
  return writeModelFile(path, modelToFile(model))
}

/**
 * A fresh model from a specification given as JSON (see `ModelSpec`; the earlier shape is
 * read too): validates it, loads the plugin packages it names and `defaultPlugins` (resolved
 * from `baseDir` first), and draws the initial weights from its seed (`createModel`).
 */
export async function createModelFromJson(value: unknown, baseDir: string, defaultPlugins: readonly string[] = []): Promise<Either<Invalid, Model>> {
  const spec = decodeModelSpec(value, 'model')
  if (isLeft(spec)) return spec
  const container = new Container()
  const errors = await loadPluginPackages(container, [...new Set([...spec.right.plugins, ...defaultPlugins])], baseDir)
  if (errors.length > 0) return left(invalid(pluginIssues('model.', errors)))
  return createModel(container, spec.right)
}

/**
 * The task `ref` names, from the plugin packages `plugins` (resolved from `baseDir`): what a
 * program needs to read a task's recipe, data set or parameters before it builds a model.
 * Problems are issues at `model.task` (an unknown name, refused parameters) or `model.plugins`.
 */
export async function loadTask(ref: { readonly name: string; readonly params?: Readonly<Record<string, number>> }, plugins: readonly string[], baseDir: string): Promise<Either<Invalid, Task>> {
  const container = new Container()
  const errors = await loadPluginPackages(container, [...new Set(plugins)], baseDir)
  if (errors.length > 0) return left(invalid(pluginIssues('model.', errors)))
  return composeTask(container, ref, 'model.task')
}
