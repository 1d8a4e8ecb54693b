// `npm run test:slow`: the test files named `*.slow.test.ts` — packing and installing the
// packages, reduced trainings, long gradient checks — which `npm test` leaves out (its files,
// in package.json, exclude them) so that it stays within a few minutes on 2 cores. Together
// the two configurations run every test file exactly once; CI (.ci/run) runs both.

// The longest files, longest first (seconds each alone, on 2 busy cores; ≈: the earlier figure
// scaled by the ratio measured when the gradient checks' oracle came to resolve each entry to 1%
// of the tolerance instead of down to the solves' noise): started first, they
// do not end the run alone on one core while the other has nothing left to do. The packing
// test, which waits on the registry much of its time, starts beside the reduced trainings,
// which compute gradients on two threads. Files not listed follow, in name order.
const longestFirst = [
  'reducedTasks', // 176
  'packages', // 125
  'newPluginCommand', // 93
  'heterogeneousNeurons', // ≈ 84
  'delays', // ≈ 80
  'benchCommand', // 73
  'trainCommand', // 68
  'queueFaults', // 68
  'networkGradientEiDale', // ≈ 64
  'structuredSolve', // ≈ 55
  'equationNeuronForms', // ≈ 54
  'networkGradientSparseQif', // ≈ 52
  'izhikevichEquations', // ≈ 48
  'yinyangReduced', // 44
  'ttfsLif', // ≈ 43
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
