// `npm run test:slow`: the test files named `*.slow.test.ts` — packing and installing the
// packages, reduced trainings, long gradient checks — which `npm test` leaves out (its files,
// in package.json, exclude them) so that it stays within a few minutes on 2 cores. Together
// the two configurations run every test file exactly once; CI (.ci/run) runs both.
export default {
  files: [
    'packages/*/dist/**/*.slow.test.js',
    'plugins/*/dist/**/*.slow.test.js',
    'tools/*/dist/**/*.slow.test.js',
    'test/dist/**/*.slow.test.js',
  ],
  timeout: '20m',
  concurrency: 2,
}
