import test from 'ava'
import { sampleFigureData } from './figureData.test-kit.js'
import { figuresFromData } from './figuresFromData.js'
import { markCount, svgTexts, xmlProblems } from './svgCheck.test-kit.js'

test('figuresFromData — history, then readout and raster of each sample before and after training', async (t) => {
  const figures = await figuresFromData(sampleFigureData())
  t.deepEqual(Object.keys(figures), [
    'history.svg',
    'sample-1-before-readout.svg',
    'sample-1-before-raster.svg',
    'sample-1-after-readout.svg',
    'sample-1-after-raster.svg',
  ])
  for (const [name, svg] of Object.entries(figures)) t.deepEqual(xmlProblems(svg), [], name)
  t.true(svgTexts(figures['history.svg']!).includes('synthetic: training history'))
  t.true(
    svgTexts(figures['sample-1-after-readout.svg']!).includes('synthetic: sample 1 (signs +1, -1), after training: readout and target'),
  )
  t.is(markCount(figures['sample-1-after-raster.svg']!, 'mark-rect role-mark'), 24)
})

test('figuresFromData — no "before" figures when the data has no untrained snapshot', async (t) => {
  const figures = await figuresFromData(sampleFigureData({ before: false }))
  t.deepEqual(Object.keys(figures), ['history.svg', 'sample-1-after-readout.svg', 'sample-1-after-raster.svg'])
})
