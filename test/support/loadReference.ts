import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { repositoryRoot } from './repositoryRoot.js'

/** The independent reference network (test/fixtures/reference/theta-net-N10-T100.json). */
export interface Reference {
  readonly N: number
  readonly Nin: number
  readonly Nout: number
  readonly T: number
  readonly tau_v: number
  readonly tau_s: number
  readonly D: number
  readonly W: number[][]
  readonly U: number[][]
  readonly b: number[]
  readonly O: number[][]
  readonly v0: number[]
  readonly s0: number[]
  readonly expected: {
    readonly loss: number
    readonly spikes: number
    readonly gradient: { readonly W: number[][]; readonly U: number[][]; readonly b: number[]; readonly O: number[][] }
  }
}

/** The committed reference files and their sha256, as test/fixtures/reference/PROVENANCE.md states them. */
export const referenceFiles = {
  'theta-net-N10-T100.json': '93e6eec01600638fe640529028052a60c6db92d1953ad14c26ac96d3683e41d2',
} as const

/** The committed copy's path: `test/fixtures/reference/<name>` in this checkout (nothing outside it is read). */
export function referencePath(name: keyof typeof referenceFiles): string {
  return join(repositoryRoot(), 'test', 'fixtures', 'reference', name)
}

/**
 * Reads the committed reference and checks its sha256 against PROVENANCE.md's, so that an
 * edited copy fails the tests that use it instead of silently moving the reference.
 */
export function loadReference(name: keyof typeof referenceFiles = 'theta-net-N10-T100.json'): Either<string, Reference> {
  const path = referencePath(name)
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    return left(`${path} cannot be read (${(e as Error).message}); it is committed with the repository: restore it with git checkout`)
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  if (sha256 !== referenceFiles[name]) {
    return left(`${path} has sha256 ${sha256}, not the ${referenceFiles[name]} of PROVENANCE.md: the reference was changed; restore it with git checkout`)
  }
  return right(JSON.parse(bytes.toString('utf8')) as Reference)
}
