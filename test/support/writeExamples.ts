import { writeFileAtomic } from '@spikegrad/node'
import { join } from 'node:path'
import { exampleKinds, exampleNetwork } from './exampleNetworks.js'
import { repositoryRoot } from './repositoryRoot.js'

/** Rewrites examples/*.json from their generator (npm run examples). */
for (const kind of exampleKinds) {
  const path = join(repositoryRoot(), 'examples', `${kind}.json`)
  const r = writeFileAtomic(path, JSON.stringify(exampleNetwork(kind), null, 1) + '\n')
  if (r._tag === 'Left') {
    console.error(r.left.message)
    process.exitCode = 1
  } else console.log(`wrote ${path}`)
}
