import test from 'ava'
import { parseSeeds, parseSetting, sweepGrid } from './sweepGrid.js'

const message = (f: () => unknown): string => {
  try {
    f()
    return 'accepted'
  } catch (e) {
    return (e as Error).message
  }
}

test('sweep grid — seeds as a range or a list; every combination of the settings, each with every seed, settings in the order given', (t) => {
  t.deepEqual(parseSeeds('1..3'), [1, 2, 3])
  t.deepEqual(parseSeeds('7,2'), [7, 2])
  const settings = parseSetting('batch=8,16', parseSetting('lr=0.01,0.003'))
  const grid = sweepGrid([1, 2], settings)
  t.deepEqual(grid.map((p) => p.name), [
    'lr=0.01_batch=8_seed=1', 'lr=0.01_batch=8_seed=2', 'lr=0.01_batch=16_seed=1', 'lr=0.01_batch=16_seed=2',
    'lr=0.003_batch=8_seed=1', 'lr=0.003_batch=8_seed=2', 'lr=0.003_batch=16_seed=1', 'lr=0.003_batch=16_seed=2',
  ])
  t.deepEqual(grid[5]!.values, { lr: 0.003, batch: 8 })
  t.is(grid[5]!.settings, 'lr=0.003_batch=8')
  t.deepEqual(sweepGrid([4], []).map((p) => p.name), ['seed=4'])
})

test('sweep grid — wrong seeds and settings are refused, naming the option and the form', (t) => {
  t.is(message(() => parseSeeds('5..1')), '--seeds must be a range like 1..5 or a list like 1,4,9 of integers in [0, 4294967295], got "5..1"')
  t.is(message(() => parseSeeds('1,x')), '--seeds must be a range like 1..5 or a list like 1,4,9 of integers in [0, 4294967295], got "1,x"')
  t.is(message(() => parseSeeds('1,1')), '--seeds names a seed twice: "1,1"')
  t.is(message(() => parseSetting('momentum=0.9')), '--set: a sweep cannot vary "momentum"; it varies lr, batch, neurons, clip-norm, rtol')
  t.is(message(() => parseSetting('lr')), '--set must be name=value,value,… (e.g. --set lr=0.01,0.003), got "lr"; the names: lr, batch, neurons, clip-norm, rtol')
  t.is(message(() => parseSetting('batch=8,2.5')), '--set batch: "2.5" is not a positive integer')
  t.is(message(() => parseSetting('lr=0.1,-1')), '--set lr: "-1" is not a positive number')
  t.is(message(() => parseSetting('lr=0.2', parseSetting('lr=0.1'))), '--set lr is given twice; list its values once: --set lr=a,b,c')
  t.is(message(() => sweepGrid(parseSeeds('1..1000'), parseSetting('lr=1,2'))), 'the sweep would make 2000 runs; at most 1000 at once (fewer seeds or values)')
})
