// `npm run test:slow`: the test files named `*.slow.test.ts` — packing and installing the
// packages, reduced trainings, long gradient checks — which `npm test` leaves out (its files,
// in package.json, exclude them) so that it stays within a few minutes on 2 cores. Together
// the two configurations run every test file exactly once; CI (.ci/run) runs both.

// The longest files, longest first (seconds each alone, on 2 busy cores): started first, they
// do not end the run alone on one core while the other has nothing left to do. The packing
// test, which waits on the registry much of its time, starts beside the reduced trainings,
// which compute gradients on two threads. Files not listed follow, in name order.
const longestFirst = [
  'reducedTasks', // 176
  'packages', // 125
  'heterogeneousNeurons', // 119
  'newPluginCommand', // 93
  'delays', // 92
  'benchCommand', // 73
  'structuredSolve', // 69
  'trainCommand', // 68
  'queueFaults', // 68
  'equationNeuronForms', // 63
  'ttfsLif', // 61
  'networkGradientEiDale', // 58
  'izhikevichEquations', // 56
  'networkGradientSparseQif', // 54
  'gradientCommand', // 50
  'yinyangReduced', // 44
]
const rank = (file) => {
  const name = file.replace(/^.*[\\/]/, '').replace(/\.slow\.test\.js$/, '')
  const i = longestFirst.indexOf(name)
  return i < 0 ? longestFirst.length : i
}

export default {
  files: [
    'packages/*/dist/**/*.slow.test.js',
    'plugins/*/dist/**/*.slow.test.js',
    'tools/*/dist/**/*.slow.test.js',
    'test/dist/**/*.slow.test.js',
  ],
  sortTestFiles: (a, b) => rank(a) - rank(b) || a.localeCompare(b),
  timeout: '20m',
  concurrency: 2,
}
