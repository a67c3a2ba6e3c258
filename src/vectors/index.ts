// The query side: KeyedVectors (words + matrix + queries) and loading them from any supported file.
// Never imports train/ or TensorFlow.
export { type AnalogyOptions, KeyedVectors, type MostSimilarOptions, type Neighbor } from './keyed-vectors.ts';
export { cosine } from './similarity.ts';
export { type LoadedModel, loadKeyedVectors, type SourceFormat } from './load.ts';
