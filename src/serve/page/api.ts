// The page's side of the JSON API: GET with query parameters, the server's error message surfaced as-is.

/** A refused request: the server's message and HTTP status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GETs `/api/<name>?params` and returns the parsed JSON; a non-2xx answer throws ApiFailure. */
export async function api<T>(name: string, params: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
  const url = apiUrl(name, params);
  const response = await fetch(url, signal === undefined ? {} : { signal });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiFailure(response.status, `${url}: the server answered ${response.status} without JSON`);
  }
  if (!response.ok) throw new ApiFailure(response.status, (body as { error?: string }).error ?? `HTTP ${response.status}`);
  return body as T;
}

/** The URL of an API call (also used for the TSV download link). */
export function apiUrl(name: string, params: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return `/api/${name}${query === '' ? '' : `?${query}`}`;
}
