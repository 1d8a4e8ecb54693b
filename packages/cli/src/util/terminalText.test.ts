import test from 'ava'
import { Writable } from 'node:stream'
import { runCli, UserError } from '../cliError.js'
import { renderSvg } from '../plots/renderSvg.js'
import { xmlProblems } from '../plots/svgCheck.test-kit.js'
import { escapingStream, terminalText } from './terminalText.js'

const hostile = 'xor\x1b]0;owned\x07\x1b[2J\r\u202egnp.exe\u2028'
/** Any character `terminalText` must never let through. */
const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

test('terminal text — escape sequences, bells, carriage returns and bidirectional overrides are shown as escapes; newlines and other text stay', (t) => {
  t.is(terminalText(hostile), 'xor\\x1b]0;owned\\x07\\x1b[2J\\x0d\\u202egnp.exe\\u2028')
  t.is(terminalText('line one\nline two: Δt = 0.5 ms, "quoted"'), 'line one\nline two: Δt = 0.5 ms, "quoted"', 'the control: printable text is left alone')
  t.false(control.test(terminalText(hostile + '\u0000\u009b\u2066')))
})

test('terminal text — a command\'s writes and runCli\'s message reach the stream escaped; the stream\'s raw side is untouched', async (t) => {
  let written = ''
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((written += chunk.toString()), done()) })
  const stream = escapingStream(sink)
  stream.write(`the task "${hostile}"\n`)
  t.is(written, `the task "${terminalText(hostile)}"\n`)
  t.is(stream.raw, sink)
  t.is(escapingStream(stream), stream, 'wrapping twice escapes once')
  written = ''
  const code = await runCli(['node', 'spikegrad'], async () => {
    throw new UserError(`the task "${hostile}" is not loaded`)
  }, { stderr: sink, env: {} })
  t.is(code, 1)
  t.is(written, `spikegrad: the task "${terminalText(hostile)}" is not loaded\n`)
})

test('terminal text — a figure whose title comes from a file holds no control character and stays well-formed XML', async (t) => {
  const svg = await renderSvg({ title: hostile, data: { values: [{ x: 0, y: 1 }, { x: 1, y: 2 }] }, mark: 'line', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } })
  t.false(control.test(svg), 'no raw control character in the SVG')
  t.true(svg.includes('xor\\x1b]0;owned\\x07'), 'the title is shown with its escapes')
  t.deepEqual(xmlProblems(svg), [])
})
