// Files between the browser and the serve machine: a folder uploaded file by file into the
// workspace (the originals stay on the user's computer; the copy is what gets imported), and a
// run's export downloaded as one zip. Both need the session token like /api.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../engine/engine';
import { err, ok, type Result } from '../../../shared/result';
import { SECURITY_HEADERS } from './content-security-policy';
import { safeSegments } from './url-path';
import { writeZip, zipSize, type ZipEntry } from './zip';

/** Largest single uploaded file. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const BATCH = /^[A-Za-z0-9-]{8,64}$/;

function reply(res: ServerResponse, status: number, result: Result<unknown>) {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(result));
}

/** Where uploads of a batch land: <workspace>/uploads/<batch>/. */
export function uploadFolder(workspace: string, batch: string): string {
  return path.join(workspace, 'uploads', batch);
}

/**
 * PUT /upload/<batch>/<relative path…>: the request body is one file. Written to a temporary name
 * and renamed when complete, so an interrupted upload never leaves half an image to import.
 */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, pathname: string, workspace: string): Promise<void> {
  if (req.method !== 'PUT') return reply(res, 405, err('invalid_argument', 'Use PUT to upload a file.'));
  const segments = safeSegments(pathname.slice('/upload'.length));
  if (!segments || segments.length < 2 || !BATCH.test(segments[0]!)) {
    req.resume();
    return reply(res, 400, err('invalid_argument', 'Upload path must be /upload/<batch>/<folder>/<file>, without .. or empty parts.'));
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES) {
    req.resume();
    return reply(res, 413, err('invalid_argument', `${segments.at(-1)} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`));
  }
  const root = uploadFolder(workspace, segments[0]!);
  const target = path.join(root, ...segments.slice(1));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.${crypto.randomBytes(4).toString('hex')}.part`;
  const out = fs.createWriteStream(partial, { flags: 'wx' });
  let size = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_UPLOAD_BYTES) reject(new Error(`${segments.at(-1)} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`));
      });
      req.on('error', reject);
      out.on('error', reject);
      out.on('finish', resolve);
      req.pipe(out);
    });
    fs.renameSync(partial, target);
  } catch (e) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    req.resume();
    return reply(res, 400, err('invalid_argument', e instanceof Error ? e.message : String(e)));
  }
  reply(res, 200, ok({ folder: root, bytes: size }));
}

/** Every file under a folder, as zip entries named relative to it. */
function entriesOf(folder: string, prefix = ''): ZipEntry[] {
  const out: ZipEntry[] = [];
  for (const d of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(folder, d.name);
    if (d.isDirectory()) out.push(...entriesOf(file, `${prefix}${d.name}/`));
    else if (d.isFile()) out.push({ name: `${prefix}${d.name}`, file });
  }
  return out;
}

/**
 * GET /download/run-<id>.zip?format=hf|onnx: the run exported (runs.export, as the dialog does) to
 * a temporary folder of the workspace, streamed as a zip, then removed.
 */
export async function handleExportDownload(req: IncomingMessage, res: ServerResponse, pathname: string, search: URLSearchParams, engine: Engine, workspace: string): Promise<void> {
  if (req.method !== 'GET') return reply(res, 405, err('invalid_argument', 'Use GET to download.'));
  const m = /^\/download\/run-(\d{1,9})\.zip$/.exec(pathname);
  const format = search.get('format') ?? 'hf';
  if (!m || (format !== 'hf' && format !== 'onnx')) return reply(res, 400, err('invalid_argument', 'Download path must be /download/run-<id>.zip?format=hf|onnx.'));
  const runId = Number(m[1]);
  const folder = path.join(workspace, 'downloads', `run-${runId}-${crypto.randomBytes(6).toString('hex')}`);
  try {
    const exported = await engine.call('runs.export', { runId, folder, format });
    if (!exported.ok) return reply(res, exported.error.code === 'not_found' ? 404 : 400, exported);
    const entries = entriesOf(folder);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/zip',
      'Content-Length': String(zipSize(entries)),
      'Content-Disposition': `attachment; filename="run-${runId}-${format}.zip"`,
      'Cache-Control': 'no-store',
    });
    await writeZip(res, entries);
    res.end();
  } catch (e) {
    if (!res.headersSent) reply(res, 500, err('internal', e instanceof Error ? e.message : String(e)));
    else res.destroy();
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
