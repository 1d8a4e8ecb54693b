import test from 'ava'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { checkedElsewhere } from './support/exampleGradientChecks.js'
import { exampleKinds } from './support/exampleNetworks.js'
import { repositoryRoot } from './support/repositoryRoot.js'

test('every example network has its slow gradient check: a file of its own, or a test that checks it elsewhere', (t) => {
  const files = readdirSync(join(repositoryRoot(), 'test')).filter((f) => /^networkGradient[A-Z].*\.slow\.test\.ts$/.test(f))
  const pascal = (kind: string): string => kind.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase())
  for (const kind of exampleKinds) {
    if (checkedElsewhere.has(kind)) continue
    t.true(files.includes(`networkGradient${pascal(kind)}.slow.test.ts`), `examples/${kind}.json has no networkGradient${pascal(kind)}.slow.test.ts`)
  }
})
