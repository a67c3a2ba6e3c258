// The Huffman tree of hierarchical softmax, built like gensim 4.2's _build_heap / _assign_binary_codes (and
// word2vec.c's CreateBinaryTree): repeatedly merge the two smallest-count nodes; the merged node
// numbered i + V becomes row i of the output table (syn1), so the root is row V - 2. Left = code 0, right = 1.

/** Per-word paths from the root: `points` are inner-node rows, `codes` the branch bits, both root first. */
export interface HuffmanTree {
  /** Word w's path is entries codeOffsets[w] .. codeOffsets[w + 1] - 1 of `codes` and `points` (length V + 1). */
  codeOffsets: Int32Array;
  codes: Uint8Array;
  points: Int32Array;
  maxCodeLength: number;
}

/** Builds the tree for words with these counts (any order; ties broken exactly as gensim's heap breaks them). */
export function buildHuffmanTree(counts: ArrayLike<number>): HuffmanTree {
  const v = counts.length;
  const codeOffsets = new Int32Array(v + 1);
  if (v < 2) {
    // A single word has an empty path: nothing to learn from hierarchical softmax (gensim does the same).
    return { codeOffsets, codes: new Uint8Array(0), points: new Int32Array(0), maxCodeLength: 0 };
  }
  const nodes = 2 * v - 1;
  const weight = new Float64Array(nodes);
  const parent = new Int32Array(nodes).fill(-1);
  const bit = new Uint8Array(nodes);
  for (let i = 0; i < v; i++) weight[i] = counts[i]!;

  // gensim's Heapitem compares counts only, so ties fall wherever Python's heapq leaves them; this is heapq's
  // exact algorithm (heapify, heappop, heappush with its _siftup/_siftdown) so the tree matches gensim's.
  const heap = new Int32Array(v);
  let size = 0;
  const less = (a: number, b: number): boolean => weight[a]! < weight[b]!;
  const siftDown = (start: number, from: number): void => {
    let pos = from;
    const item = heap[pos]!;
    while (pos > start) {
      const parentPos = (pos - 1) >> 1;
      if (!less(item, heap[parentPos]!)) break;
      heap[pos] = heap[parentPos]!;
      pos = parentPos;
    }
    heap[pos] = item;
  };
  const siftUp = (start: number): void => {
    let pos = start;
    const item = heap[pos]!;
    let child = 2 * pos + 1;
    while (child < size) {
      const right = child + 1;
      if (right < size && !less(heap[child]!, heap[right]!)) child = right;
      heap[pos] = heap[child]!;
      pos = child;
      child = 2 * pos + 1;
    }
    heap[pos] = item;
    siftDown(start, pos);
  };
  const push = (x: number): void => {
    heap[size++] = x;
    siftDown(0, size - 1);
  };
  const pop = (): number => {
    const last = heap[--size]!;
    if (size === 0) return last;
    const top = heap[0]!;
    heap[0] = last;
    siftUp(0);
    return top;
  };
  for (let i = 0; i < v; i++) heap[i] = i;
  size = v;
  for (let i = (v >> 1) - 1; i >= 0; i--) siftUp(i);
  for (let i = 0; i < v - 1; i++) {
    const a = pop();
    const b = pop();
    const node = v + i;
    weight[node] = weight[a]! + weight[b]!;
    parent[a] = node;
    parent[b] = node;
    bit[b] = 1;
    push(node);
  }

  let total = 0;
  let maxCodeLength = 0;
  const depth = new Int32Array(v);
  for (let w = 0; w < v; w++) {
    let d = 0;
    for (let n = w; parent[n] !== -1; n = parent[n]!) d++;
    depth[w] = d;
    total += d;
    if (d > maxCodeLength) maxCodeLength = d;
  }
  const codes = new Uint8Array(total);
  const points = new Int32Array(total);
  let off = 0;
  for (let w = 0; w < v; w++) {
    codeOffsets[w] = off;
    const d = depth[w]!;
    // Walk leaf -> root and fill from the end, so the stored path runs root first.
    let k = off + d - 1;
    for (let n = w; parent[n] !== -1; n = parent[n]!, k--) {
      codes[k] = bit[n]!;
      points[k] = parent[n]! - v;
    }
    off += d;
  }
  codeOffsets[v] = off;
  return { codeOffsets, codes, points, maxCodeLength };
}
