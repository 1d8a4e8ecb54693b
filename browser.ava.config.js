// `npm run test:browser`: the playground in a real Chromium, kept out of `npm test` (whose
// files are listed in package.json); CI runs it after the two suites. One test at a time: pages
// trained side by side compete for the two cores and for the keyboard's focus (a file chooser
// opened by a key press waits for a focused page).
export default {
  files: ['test/dist/browser/**/*.browser.js'],
  timeout: '10m',
  concurrency: 1,
  serial: true,
}
