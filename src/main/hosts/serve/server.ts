import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { distPath } from '../../app-root';
import { Engine } from '../../engine/engine';
import { err, type Result } from '../../../shared/result';
import { SECURITY_HEADERS } from './content-security-policy';
import { resolveMediaFor } from './media-source';
import { newToken, RequestGuard } from './request-guard';
import { readStaticFile } from './static-files';
import { safeSegments } from './url-path';
import { handleExportDownload, handleUpload } from './transfers';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServeOptions {
  workspace: string;
  host?: string;
  port?: number;
  /** Folder of the built renderer; dist/renderer by default. */
  staticRoot?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  engine: Engine;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string | Buffer | Uint8Array, type: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...extra });
  res.end(body);
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>) {
  send(res, status, JSON.stringify(result), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
}

class BodyError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new BodyError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answer now and let the rest drain unread (bounded by server.requestTimeout).
        reject(new BodyError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes.`));
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new BodyError(400, 'Request body is not valid JSON.'));
      }
    });
  });
}

/**
 * `vit-studio serve`: the same UI and API as the desktop app over loopback HTTP, for a browser.
 * Every /api and /media request needs the launch token (cookie or bearer); the Host and Origin
 * headers must name this server; nothing is ever shared cross-origin.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const staticRoot = options.staticRoot ?? distPath('renderer');
  const engine = new Engine(options.workspace);
  const guard = new RequestGuard(newToken(), host, options.port ?? 0);
  const streams = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // The raw path, not new URL(...).pathname: URL parsing resolves `..` and `%2e%2e`, which
    // would hide traversal attempts instead of refusing them.
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const pathname = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const url = new URL(rawUrl.startsWith('/') ? rawUrl : '/', 'http://placeholder');
    if (!guard.hostAllowed(req.headers.host)) {
      return send(res, 421, 'Unknown Host header: open the URL printed by vit-studio serve.', 'text/plain; charset=utf-8');
    }
    if (!guard.originAllowed(req.headers.origin, req.headers.host)) {
      return sendResult(res, 403, err('invalid_argument', 'Cross-origin requests are not allowed.'));
    }
    const isApi = pathname === '/api' || pathname.startsWith('/api/');
    const isMedia = pathname.startsWith('/media/');
    const isTransfer = pathname.startsWith('/upload/') || pathname.startsWith('/download/');
    if ((isApi || isMedia || isTransfer) && !guard.authorized(req)) {
      return sendResult(res, 401, err('invalid_argument', 'Missing or wrong access token: open the URL printed by vit-studio serve.'));
    }
    if (isApi) return handleApi(req, res, pathname);
    if (isMedia) return handleMedia(req, res, pathname, q < 0 ? '' : rawUrl.slice(q));
    if (pathname.startsWith('/upload/')) return handleUpload(req, res, pathname, engine.ctx.ws.paths.root);
    if (pathname.startsWith('/download/')) return handleExportDownload(req, res, pathname, url.searchParams, engine, engine.ctx.ws.paths.root);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD' });
    }
    if (pathname === '/' || pathname === '/index.html') return handleIndex(req, res, url);
    const file = readStaticFile(staticRoot, pathname);
    if (!file) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    // Vite names each file under assets/ after its content: the browser keeps it for good, and a
    // reload does not wait for the engine to answer other requests first (the map's render worker).
    send(res, 200, file.body, file.contentType, { 'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
  }

  function handleIndex(req: IncomingMessage, res: ServerResponse, url: URL) {
    const offered = url.searchParams.get('token');
    if (offered !== null) {
      if (!guard.tokenMatches(offered)) {
        return send(res, 401, 'Wrong access token: open the URL printed by vit-studio serve.', 'text/plain; charset=utf-8');
      }
      // Trade the token in the URL for a cookie, then drop it from the address bar and history.
      res.writeHead(303, { ...SECURITY_HEADERS, 'Set-Cookie': guard.sessionCookie(), Location: '/', 'Cache-Control': 'no-store' });
      return res.end();
    }
    if (!guard.authorized(req)) {
      return send(res, 401, 'Open the URL printed by vit-studio serve: it carries the access token.', 'text/plain; charset=utf-8');
    }
    const file = readStaticFile(staticRoot, '/index.html');
    if (!file) return send(res, 500, 'The UI is not built: run npm run build.', 'text/plain; charset=utf-8');
    send(res, 200, file.body, file.contentType, { 'Cache-Control': 'no-store' });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (pathname === '/api/events') {
      if (req.method !== 'GET') return sendResult(res, 405, err('invalid_argument', 'Use GET for /api/events.'));
      return openEventStream(req, res);
    }
    if (req.method !== 'POST') return sendResult(res, 405, err('invalid_argument', 'Use POST for API calls.'));
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      return sendResult(res, 415, err('invalid_argument', 'API calls must send Content-Type: application/json.'));
    }
    const channelName = decodeURIComponent(pathname.slice('/api/'.length));
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (e) {
      const status = e instanceof BodyError ? e.status : 400;
      return sendResult(res, status, err('invalid_argument', e instanceof Error ? e.message : 'Bad request body.'));
    }
    const result = await engine.call(channelName, body);
    sendResult(res, 200, result);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = engine.on((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
    // Proxies and browsers drop idle streams; a comment line every 15 s keeps it open.
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, pathname: string, search: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain');
    if (!safeSegments(pathname)) return send(res, 400, 'Bad media path.', 'text/plain; charset=utf-8');
    const reply = await resolveMediaFor(engine, pathname, search);
    if (!reply.ok) return send(res, reply.status, reply.message, 'text/plain; charset=utf-8');
    send(res, 200, reply.body, reply.contentType, { 'Cache-Control': 'private, max-age=3600' });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) sendResult(res, 500, err('internal', e instanceof Error ? e.message : String(e)));
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  }).catch((e) => {
    engine.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  guard.setPort(port);
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  let closed = false;
  return {
    url: `http://${urlHost}:${port}/?token=${guard.token}`,
    token: guard.token,
    engine,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      engine.close();
    },
  };
}
