import test from 'ava'
import { markCount, svgTexts, xmlProblems } from './svgCheck.test-kit.js'

test('xmlProblems — accepts a small well-formed SVG', (t) => {
  t.deepEqual(xmlProblems('<svg xmlns="x"><g class="a"><path d="M0,0"/></g><text>a &amp; b</text></svg>'), [])
})

test('xmlProblems — finds unbalanced tags, a stray <, a bare & and a wrong root', (t) => {
  t.true(xmlProblems('<svg><g></svg>').length > 0)
  t.true(xmlProblems('<svg><text>1 < 2</text></svg>').length > 0)
  t.true(xmlProblems('<svg><text>a & b</text></svg>').length > 0)
  t.true(xmlProblems('<svg><path d=M0/></svg>').length > 0)
  t.deepEqual(xmlProblems('<html></html>'), ['root element is <html>, not <svg>'])
  t.deepEqual(xmlProblems('<svg></svg><svg></svg>'), ['2 root elements'])
})

test('markCount and svgTexts — read marks and unescaped texts', (t) => {
  const svg = '<svg><g class="mark-rect role-mark marks"><path/><path/></g><text x="1">a &lt; b</text></svg>'
  t.is(markCount(svg, 'mark-rect role-mark'), 2)
  t.is(markCount(svg, 'mark-line role-mark'), 0)
  t.is(markCount('<svg><g class="mark-rect role-mark marks"/><g class="other"><path/></g></svg>', 'mark-rect role-mark'), 0)
  t.deepEqual(svgTexts(svg), ['a < b'])
})
