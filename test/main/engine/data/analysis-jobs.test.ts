import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { AnalysisJobs } from '../../../../src/main/engine/data/analysis-jobs';
import type { AnalysisPlan } from '../../../../src/main/engine/data/analysis-record';
import { ApiFailure } from '../../../../src/shared/result';
import { parseIdList } from '../../../../src/shared/api/images';
import { tmpDir } from '../../../helpers/make-images';
import { makeColourDataset } from './helpers';

// Asking for an analysis while its job is being planned (the dataset read and checked on disk, now
// between other requests): identical requests share the plan, its error reaches each of them as its
// code, and cancel stops it. Plans here are promises the test settles: no worker starts.
describe('AnalysisJobs while a job is planned', () => {
  const root = tmpDir('vit-analysis-jobs-');
  let engine: Engine;
  let jobs: AnalysisJobs;
  let datasetId: number;
  beforeAll(async () => {
    await makeColourDataset(path.join(root, 'colours'), 2);
    engine = new Engine(path.join(root, 'ws'));
    jobs = new AnalysisJobs(engine.ctx);
    datasetId = (await engine.invoke('datasets.import', { folder: path.join(root, 'colours') })).dataset;
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A plan the test settles, and what it was asked. */
  function controlledPlan() {
    const calls: AbortSignal[] = [];
    let settle!: { resolve: (p: AnalysisPlan) => void; reject: (e: unknown) => void };
    const plan = (signal: AbortSignal) => {
      calls.push(signal);
      return new Promise<AnalysisPlan>((resolve, reject) => (settle = { resolve, reject }));
    };
    return { plan, calls, settle: () => settle };
  }

  it('shares one plan between identical requests and gives its error to each as its code', async () => {
    const p = controlledPlan();
    const first = jobs.request('kfold', datasetId, 'm1', false, p.plan);
    const second = jobs.request('kfold', datasetId, 'm1', false, p.plan);
    expect(jobs.peek('kfold', datasetId, 'm1').status).toBe('running');
    expect(p.calls).toHaveLength(1);
    p.settle().reject(new ApiFailure('invalid_argument', 'No image has a label yet.'));
    for (const r of await Promise.allSettled([first, second])) {
      expect(r).toMatchObject({ status: 'rejected', reason: { code: 'invalid_argument', message: 'No image has a label yet.' } });
    }
    expect(jobs.peek('kfold', datasetId, 'm1')).toMatchObject({ status: 'none', error: null, jobId: null });
    // Nothing is remembered of a plan that failed: the next request plans again.
    const again = controlledPlan();
    const third = jobs.request('kfold', datasetId, 'm1', false, again.plan);
    expect(again.calls).toHaveLength(1);
    again.settle().reject(new ApiFailure('invalid_argument', 'Still no label.'));
    await expect(third).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('cancels a job while it is planned: the plan is aborted and nothing starts', async () => {
    const p = controlledPlan();
    const asked = jobs.request('map', datasetId, 'm2', false, p.plan);
    const waiting = jobs.request('map', datasetId, 'm2', false, p.plan);
    expect(jobs.cancel(datasetId, 'map')).toBe(1);
    expect(p.calls[0]!.aborted).toBe(true);
    p.settle().resolve({ task: 'data.map', args: () => { throw new Error('no worker may start'); }, imageIds: [], labelIds: [], notes: [] });
    for (const view of await Promise.all([asked, waiting])) {
      expect(view).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    }
    expect(jobs.peek('map', datasetId, 'm2').status).toBe('cancelled');
    // Asked again: the cancelled answer stands until asked with retry, which plans anew.
    expect((await jobs.request('map', datasetId, 'm2', false, p.plan)).status).toBe('cancelled');
    expect(p.calls).toHaveLength(1);
    const retried = jobs.request('map', datasetId, 'm2', true, p.plan);
    expect(p.calls).toHaveLength(2);
    jobs.cancel(datasetId, 'map');
    expect((await retried).status).toBe('cancelled');
  });

  it('plans again when the dataset changes while a job is planned: the old plan is aborted, its caller answered with the new one', async () => {
    const old = controlledPlan();
    const asked = jobs.request('kfold', datasetId, 'm4', false, old.plan);
    const [first] = parseIdList(await engine.invoke('images.ids', { datasetId }));
    const labels = await engine.invoke('labels.list', { datasetId });
    await engine.invoke('images.setLabel', { imageIds: [first!], labelId: labels[1]!.id }); // a new fingerprint
    const now = controlledPlan();
    const again = jobs.request('kfold', datasetId, 'm4', false, now.plan);
    expect(old.calls[0]!.aborted).toBe(true);
    expect(now.calls).toHaveLength(1);
    const view = await asked; // released when its plan was aborted, answered with the plan that replaced it
    expect(view).toMatchObject({ status: 'running', error: null });
    expect(view.jobId).toMatch(/^analysis-kfold-/);
    now.settle().reject(new ApiFailure('invalid_argument', 'Not now.'));
    await expect(again).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('gives both screens asking for one plan that cannot run its code, through the engine', async () => {
    await engine.invoke('images.setLabel', { imageIds: parseIdList(await engine.invoke('images.ids', { datasetId })), labelId: null });
    const asked = [engine.call('data.labelIssues', { datasetId, model: 'm3' }), engine.call('data.suggestions', { datasetId, model: 'm3' })];
    for (const r of await Promise.all(asked)) {
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringMatching(/No image has a label yet/) } });
    }
  });
});
