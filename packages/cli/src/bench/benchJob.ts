import type { AccuracySpec, BatchSpec, BenchCaseSpec, PrecisionSpec, ReferenceSpec, SparseSpec } from './benchTypes.js'
import type { StructureSpec } from './measureStructure.js'

/** A unit of benchmark work, run in its own process (see runBenchJob and benchChildMain). */
export type BenchJob =
  | { readonly kind: 'case'; readonly spec: BenchCaseSpec }
  | { readonly kind: 'accuracy'; readonly spec: AccuracySpec }
  | { readonly kind: 'batch'; readonly spec: BatchSpec }
  | { readonly kind: 'reference'; readonly spec: ReferenceSpec }
  | { readonly kind: 'precision'; readonly spec: PrecisionSpec }
  | { readonly kind: 'sparse'; readonly spec: SparseSpec }
  | { readonly kind: 'structure'; readonly spec: StructureSpec }
