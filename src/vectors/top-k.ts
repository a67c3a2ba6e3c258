// Partial selection of the k best scores: a bounded min-heap, so a query over V words costs O(V log k) and
// never sorts the whole vocabulary (fastText getNN, gensim argsort(topn)).

/** Indices of the `k` highest `scores` in [0, n) not rejected by `skip`, best first (ties: lower index first). */
export function topK(scores: Float64Array | Float32Array, n: number, k: number, skip?: (index: number) => boolean): number[] {
  if (k <= 0) return [];
  const heapIndex = new Int32Array(k);
  const heapScore = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (size === k && !(s > heapScore[0]!)) continue;
    if (skip?.(i) || Number.isNaN(s)) continue;
    if (size < k) {
      let j = size++;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (!worse(s, i, heapScore[parent]!, heapIndex[parent]!)) break;
        heapScore[j] = heapScore[parent]!;
        heapIndex[j] = heapIndex[parent]!;
        j = parent;
      }
      heapScore[j] = s;
      heapIndex[j] = i;
    } else {
      // replace the root (the worst kept) and sift down
      let j = 0;
      for (;;) {
        const left = 2 * j + 1;
        if (left >= size) break;
        const right = left + 1;
        let child = left;
        if (right < size && worse(heapScore[right]!, heapIndex[right]!, heapScore[left]!, heapIndex[left]!)) child = right;
        if (!worse(heapScore[child]!, heapIndex[child]!, s, i)) break;
        heapScore[j] = heapScore[child]!;
        heapIndex[j] = heapIndex[child]!;
        j = child;
      }
      heapScore[j] = s;
      heapIndex[j] = i;
    }
  }
  const order = Array.from({ length: size }, (_, j) => j);
  order.sort((a, b) => heapScore[b]! - heapScore[a]! || heapIndex[a]! - heapIndex[b]!);
  return order.map((j) => heapIndex[j]!);
}

// --- internal ---

/** Heap order: lower score is worse; on equal scores the higher index is worse (so lower indices win ties). */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}
