/**
 * `@spikegrad/nir`: spikegrad networks to and from NIR, the neuromorphic intermediate
 * representation (HDF5 files that snnTorch, Norse, Spyx, Sinabs, Rockpool, Nengo, Lava-DL,
 * SpiNNaker2 and others read or write). Pure mapping (`networkToNir`, `nirToNetwork`) and
 * in-memory HDF5 through h5wasm (`writeNir`, `readNir`): no Node built-in, so it runs in a
 * browser too. See docs/nir.md for the mapping, what is exact and what is approximated.
 * @module
 */
export { NIR_VERSION, nirTypesWithoutSpikegradForm, type NirAffine, type NirCubaLif, type NirGraph, type NirInput, type NirLi, type NirLif, type NirLinear, type NirMetadata, type NirNode, type NirOutput, type NirTensor } from './nirGraph.js'
export { readNir, writeNir } from './nirFile.js'
export { networkToNir } from './networkToNir.js'
export { nirToNetwork, type ImportedNetwork } from './nirToNetwork.js'
export { applyTemplate, exportMetadata, importedDocument, SPIKEGRAD_METADATA_KEY, type SpikegradDocument } from './nirDocument.js'
