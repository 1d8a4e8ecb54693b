import test from 'ava'
import { yinYangLabel } from './yinYangLabel.js'

const label = (x: number, y: number): number => yinYangLabel(x, y, 0.1, 0.5)

test('yin-yang label — the two dots (radius rSmall around (0.25, 0.5) and (0.75, 0.5)) are class 2', (t) => {
  t.is(label(0.25, 0.5), 2)
  t.is(label(0.75, 0.5), 2)
  t.is(label(0.25 + 0.099, 0.5), 2)
  t.is(label(0.75, 0.5 - 0.099), 2)
})

test('yin-yang label — the upper half outside the right lobe and the left lobe outside its dot are class 1', (t) => {
  t.is(label(0.5, 0.9), 1)
  t.is(label(0.3, 0.95), 1)
  t.is(label(0.25, 0.5 + 0.2), 1) // left lobe, above its dot
  t.is(label(0.25, 0.5 - 0.2), 1) // left lobe, below its dot
})

test('yin-yang label — the lower half outside the left lobe and the right lobe outside its dot are class 0', (t) => {
  t.is(label(0.5, 0.1), 0)
  t.is(label(0.7, 0.05), 0)
  t.is(label(0.75, 0.5 + 0.2), 0) // right lobe, above its dot
  t.is(label(0.75, 0.5 - 0.2), 0) // right lobe, below its dot
})

test('yin-yang label — the picture is point-symmetric: (x, y) and (1 − x, 1 − y) swap classes 0 and 1', (t) => {
  for (let i = 0; i < 2000; i++) {
    const x = ((i * 0.618034) % 1) * 0.98 + 0.01
    const y = ((i * 0.414214) % 1) * 0.98 + 0.01
    const a = label(x, y)
    t.is(label(1 - x, 1 - y), a === 2 ? 2 : 1 - a, `(${x}, ${y})`)
  }
})
