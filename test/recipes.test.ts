import test from 'ava'
import { createModel, type ModelSpec, type TaskRecipe } from '@spikegrad/core'
import { GatesModule } from '@spikegrad/gates'
import { LossesModule } from '@spikegrad/losses'
import { LifNeuronModule } from '@spikegrad/neuron-lif'
import { QifNeuronModule } from '@spikegrad/neuron-qif'
import { AutoencodeTaskModule, autoencodeRecipe } from '@spikegrad/task-autoencode'
import { XorTaskModule, xorRecipe } from '@spikegrad/task-xor'
import { YinYangTaskModule, yinYangRecipe } from '@spikegrad/task-yinyang'
import { Container } from 'inversify'

const container = (): Container => {
  const c = new Container()
  for (const m of [GatesModule, LossesModule, LifNeuronModule, QifNeuronModule, AutoencodeTaskModule, XorTaskModule, YinYangTaskModule]) c.load(m)
  return c
}

/** The specification a recipe makes for its task (a cosine without a total given one, as the CLI does). */
const specOf = (task: string, recipe: TaskRecipe, params: Record<string, number> = {}): ModelSpec => {
  const schedule = recipe.training.schedule as { kind?: string; total?: number } | undefined
  return {
    format: 'spikegrad-spec/2',
    plugins: [],
    task: { name: task, params },
    network: recipe.network,
    seed: 1,
    solver: recipe.solver,
    training: { ...recipe.training, ...(schedule?.kind === 'cosine' && schedule.total === undefined && { schedule: { ...schedule, total: 100 } }) },
    run: recipe.run,
  }
}

test('recipes — every task plugin\'s recipe composes into a model of its task, and the task carries it', (t) => {
  const cases: [string, TaskRecipe, Record<string, number>][] = [
    ['xor', xorRecipe, {}],
    ['autoencode', autoencodeRecipe, {}],
    ['yinyang', yinYangRecipe, { trainSize: 10, validationSize: 5, testSize: 5 }],
  ]
  for (const [task, recipe, params] of cases) {
    const model = createModel(container(), specOf(task, recipe, params))
    if (model._tag === 'Left') return t.fail(`${task}: ${model.left.message}`)
    t.is(model.right.task.recipe, recipe, task)
    t.is(model.right.network.populations[0]!.size, recipe.network.populations[0]!.size, task)
  }
})

test('recipes — a specification without a solver tolerance gets its task\'s recipe\'s solver (recorded in the model), not the library\'s default', (t) => {
  const { solver: _, ...bare } = specOf('xor', xorRecipe)
  const model = createModel(container(), bare)
  if (model._tag === 'Left') return t.fail(model.left.message)
  t.deepEqual(model.right.spec.solver, xorRecipe.solver)
  const partial = createModel(container(), { ...bare, solver: { memory: 'checkpoint' } })
  if (partial._tag === 'Left') return t.fail(partial.left.message)
  t.deepEqual(partial.right.spec.solver, { ...xorRecipe.solver, memory: 'checkpoint' })
  const given = createModel(container(), { ...bare, solver: { rtol: 1e-6 } })
  if (given._tag === 'Left') return t.fail(given.left.message)
  t.deepEqual(given.right.spec.solver, { rtol: 1e-6 }, 'a given tolerance is kept as it is')
})
