// The explorer's HTTP server (node:http, no framework): the page (HTML, CSS and the compiled page modules,
// all held in memory and matched by exact path, so no request path ever reaches the file system) and the
// JSON API under /api/. Loopback by default; bound to loopback it also refuses foreign Host headers, so a
// web page elsewhere cannot reach it through DNS rebinding.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Word2VecError } from '../errors.ts';
import { type ApiAnswer, answerApi } from './api.ts';
import { PAGE_CSS, pageHtml } from './assets.ts';
import type { Explorer } from './explorer.ts';

/** Options of `startServer`. */
export interface ServerOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string | undefined;
  /** Port; 0 picks a free one (default 8080). */
  port?: number | undefined;
  /** Called with anything worth telling the user (the library never prints). */
  onWarning?: ((message: string) => void) | undefined;
}

/** A running explorer. */
export interface RunningServer {
  /** Where the page is, with the real port. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, drops idle keep-alive connections and resolves when closed. */
  close(): Promise<void>;
}

/** Longest request line we read (the API's own bounds are far below). */
const MAX_URL = 4096;

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** Starts serving `explorer`; rejects with a Word2VecError when the port is taken or the host is unknown. */
export async function startServer(explorer: Explorer, options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const files = pageFiles(options.onWarning);
  const html = pageHtml(basename(explorer.model.path));
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onWarning?.(`internal error answering ${req.url ?? ''}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(req, res, 500, 'application/json; charset=utf-8', JSON.stringify({ error: 'internal error; see the server log' }));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(req, res, 405, { error: `${req.method} is not allowed; the explorer only answers GET` });
    }
    if (url.length > MAX_URL) return sendJson(req, res, 414, { error: `the request URL is ${url.length} characters; at most ${MAX_URL}` });
    if (loopback && req.headers.host !== undefined && !isLoopback(req.headers.host.replace(/:\d+$/, ''))) {
      return sendJson(req, res, 403, { error: `Host ${JSON.stringify(req.headers.host)} is not this machine; open the explorer at its loopback URL` });
    }
    const q = url.indexOf('?');
    // the raw path, not decoded or normalised: only exact names below match, so `..` in any spelling is a 404
    const path = q === -1 ? url : url.slice(0, q);
    const params = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
    if (path.startsWith('/api/')) return sendAnswer(req, res, await answerApi(explorer, path.slice('/api/'.length), params));
    if (path === '/' || path === '/index.html') return send(req, res, 200, 'text/html; charset=utf-8', html, true);
    if (path === '/page.css') return send(req, res, 200, 'text/css; charset=utf-8', PAGE_CSS, true);
    const file = files.get(path);
    if (file !== undefined) return send(req, res, 200, 'text/javascript; charset=utf-8', file, true);
    return sendJson(req, res, 404, { error: `not found: ${path.slice(0, 200)}` });
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Word2VecError('E_INVALID_OPTION', `port ${options.port ?? 8080} on ${host} is in use; pick another with --port N (--port 0 picks a free one)`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') reject(new Word2VecError('E_INVALID_OPTION', `--host ${host}: this machine has no such address (${error.code})`));
      else if (error.code === 'EACCES') reject(new Word2VecError('E_INVALID_OPTION', `port ${options.port ?? 8080} needs privileges; pick one above 1023`));
      else reject(error);
    });
    server.listen(options.port ?? 8080, host, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    server,
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

// --- internal ---

function sendAnswer(req: IncomingMessage, res: ServerResponse, answer: ApiAnswer): void {
  if ('json' in answer) {
    const retry = (answer.json as { retryAfter?: unknown }).retryAfter;
    if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
    sendJson(req, res, answer.status, answer.json);
    return;
  }
  if (answer.filename !== undefined) res.setHeader('Content-Disposition', `attachment; filename="${answer.filename}"`);
  send(req, res, answer.status, answer.contentType, answer.text);
}

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  send(req, res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Buffer, cacheable = false): void {
  let bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', cacheable ? 'no-cache' : 'no-store');
  // everything the page loads comes from here; no inline script, no other origin
  res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
  // maps of many thousand points are megabytes of JSON; gzip cuts them ~3x
  if (bytes.length > 32_768 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    bytes = gzipSync(bytes, { level: 1 });
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', bytes.length);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** The compiled page modules, `/page/<name>.js` -> bytes, read once at start. */
function pageFiles(onWarning: ((message: string) => void) | undefined): Map<string, Buffer> {
  const dir = pageDir();
  const files = new Map<string, Buffer>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /^[a-z0-9-]+\.js$/.test(n));
  } catch {
    // reported below
  }
  for (const name of names) files.set(`/page/${name}`, readFileSync(join(dir, name)));
  if (!files.has('/page/main.js')) onWarning?.(`the explorer page is not built (no ${join(dir, 'main.js')}); run npm run build`);
  return files;
}

/** dist/serve/page beside this module when built; from the TypeScript sources (tests, tsx), the built copy. */
function pageDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return import.meta.url.endsWith('.ts') ? resolve(here, '../../dist/serve/page') : join(here, 'page');
}
