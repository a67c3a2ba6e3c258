// The 2-D map as the server computes it (serve/map.ts) and /api/map returns it: one type for both sides, kept
// in page/ because the page compiles on its own and may import nothing outside this folder.

/** A computed map. */
export interface WordMap<Method extends string = string> {
  method: Method;
  words: string[];
  x: number[];
  y: number[];
  cluster: number[];
  /** What each axis means, for the page's labels. */
  axes: [string, string];
  seconds: number;
}

/** A map as /api/map returns it: where it came from too. */
export interface MapData extends WordMap {
  cached: 'memory' | 'disk' | false;
}
