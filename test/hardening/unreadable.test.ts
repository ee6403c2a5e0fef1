// An unreadable file is skipped with its reason. Tests run as root here (root reads everything),
// so the import runs as an unprivileged user (uid 65534, "nobody") through the CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeImage, tmpDir } from '../helpers/make-images';

const cli = path.resolve(__dirname, '../../bin/vit-studio.js');
const root = tmpDir('vit-unreadable-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const asRoot = process.getuid?.() === 0;
// The unprivileged user must be able to run the app from this checkout (a clone in a private
// folder would not let it): probe once, and say so when it cannot.
const probe = asRoot
  ? spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.resolve(__dirname, '../../node_modules/better-sqlite3'))}); require('fs').accessSync(${JSON.stringify(cli)})`], { uid: 65534, gid: 65534 })
  : { status: 0 };
const canDropPrivileges = probe.status === 0;

describe('an unreadable file', () => {
  it.skipIf(!canDropPrivileges)('is skipped with its reason and does not stop the import (run as an unprivileged user)', async () => {
    const data = path.join(root, 'data');
    await makeImage(path.join(data, 'ok.jpg'));
    await makeImage(path.join(data, 'secret.jpg'), { seed: 2, noise: true });
    fs.mkdirSync(path.join(root, 'ws'));
    // Everything open to the unprivileged user but the one file.
    for (const p of [root, data, path.join(root, 'ws'), path.join(data, 'ok.jpg')]) fs.chmodSync(p, 0o777);
    fs.chmodSync(path.join(data, 'secret.jpg'), 0o000);
    const r = spawnSync(process.execPath, [cli, 'import', data, '--workspace', path.join(root, 'ws'), '--json'], {
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      env: { ...process.env, HOME: root },
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.images).toBe(1);
    expect(report.skipped).toEqual([{ path: 'secret.jpg', reason: expect.stringMatching(/could not be read|permission|EACCES/i) }]);
  });
});
