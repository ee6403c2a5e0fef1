// SIGKILL at the worst moments: the database stays intact and no confirmed edit is lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { parseIdList, type IdList } from '../../src/shared/api/images';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { makeImageFolder, tmpDir } from '../helpers/make-images';

const cli = path.resolve(__dirname, '../../bin/vit-studio.js');

function startServe(workspace: string): Promise<{ child: ChildProcess; url: URL; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--workspace', workspace, '--no-open'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Open (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: new URL(m[1]!), exited });
    });
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
  });
}

async function callApi(url: URL, channel: string, body: unknown) {
  const res = await fetch(new URL(`/api/${channel}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${url.searchParams.get('token')}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; value?: any; error?: { message: string } };
}

describe('crash safety', () => {
  let dir: string;
  let data: string;
  beforeAll(async () => {
    dir = tmpDir('vit-crash-');
    data = path.join(dir, 'data');
    await makeImageFolder(data, ['a', 'b'], 60);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every confirmed label edit when the server is killed mid-burst', async () => {
    const workspace = path.join(dir, 'ws-edits');
    const { child, url, exited } = await startServe(workspace);
    const imported = await callApi(url, 'datasets.import', { folder: data, labelsFrom: 'none' });
    expect(imported.ok).toBe(true);
    const datasetId = imported.value.dataset as number;
    const label = await callApi(url, 'labels.create', { datasetId, name: 'picked' });
    const ids = parseIdList((await callApi(url, 'images.ids', { datasetId })).value as IdList);
    expect(ids.length).toBe(120);

    // Fire edits one after another; kill the server while they are still flowing.
    const confirmed: number[] = [];
    let killed = false;
    const burst = (async () => {
      for (const id of ids) {
        try {
          const r = await callApi(url, 'images.setLabel', { imageIds: [id], labelId: label.value.id });
          if (r.ok) confirmed.push(id);
        } catch {
          break; // connection refused: the server is gone
        }
        if (confirmed.length === 40 && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    })();
    await burst;
    await exited;
    expect(confirmed.length).toBeGreaterThanOrEqual(40);
    expect(confirmed.length).toBeLessThan(ids.length);

    const engine = new Engine(workspace);
    try {
      expect(engine.ctx.ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const labeled = new Set(
        (engine.ctx.ws.db.prepare('SELECT id FROM images WHERE label_id = ?').all(label.value.id) as { id: number }[]).map(
          (r) => r.id,
        ),
      );
      for (const id of confirmed) expect(labeled.has(id), `image ${id}`).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('an import killed halfway leaves a sound database and the next import completes', async () => {
    const workspace = path.join(dir, 'ws-import');
    const child = spawn(process.execPath, [cli, 'import', data, '--workspace', workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Kill as soon as the import reports progress (it is underway), or after a short grace period.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 400);
      child.stderr!.on('data', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const engine = new Engine(workspace);
    try {
      expect(engine.ctx.ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const report = await engine.invoke('datasets.import', { folder: data, labelsFrom: 'folders' });
      expect(report.images).toBe(120);
      expect(report.labels).toEqual({ a: 60, b: 60 });
      const total = engine.ctx.ws.db.prepare('SELECT count(*) AS n FROM images').get() as { n: number };
      expect(total.n).toBe(120);
    } finally {
      engine.close();
    }
  });

  it('two processes editing one workspace at once are both kept', async () => {
    const workspace = path.join(dir, 'ws-two');
    const { child, url, exited } = await startServe(workspace);
    try {
      const datasetId = (await callApi(url, 'datasets.import', { folder: data, labelsFrom: 'none' })).value.dataset as number;
      const remoteLabel = (await callApi(url, 'labels.create', { datasetId, name: 'remote' })).value.id as number;
      const local = new Engine(workspace);
      try {
        const localLabel = (await local.invoke('labels.create', { datasetId, name: 'local' })).id;
        const ids = parseIdList(await local.invoke('images.ids', { datasetId }));
        const evens = ids.filter((_, i) => i % 2 === 0);
        const odds = ids.filter((_, i) => i % 2 === 1);
        // Interleave single-image edits from both processes.
        await Promise.all([
          (async () => {
            for (const id of evens) expect((await callApi(url, 'images.setLabel', { imageIds: [id], labelId: remoteLabel })).ok).toBe(true);
          })(),
          (async () => {
            for (const id of odds) await local.invoke('images.setLabel', { imageIds: [id], labelId: localLabel });
          })(),
        ]);
        const counts = Object.fromEntries((await local.invoke('labels.list', { datasetId })).map((l) => [l.name, l.count]));
        expect(counts).toEqual({ remote: evens.length, local: odds.length });
        expect(local.ctx.ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        local.close();
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
