// `npm run test:browser`: the playground in a real Chromium, kept out of `npm test` (whose
// files are listed in package.json) so that CI needs no browser.
export default {
  files: ['test/dist/browser/**/*.browser.js'],
  timeout: '10m',
  concurrency: 1,
}
