import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisKind } from '../../../shared/api/data';
import type { KfoldResult } from '../../tasks/registry';
import type { AnalysisRecord } from './analysis-record';

// What the engine needs of a cached analysis to say where it stands (data.summary: fresh or stale,
// how many suspicious labels and suggestions), kept next to the result in a small file of its own:
// the result itself is megabytes of JSON at 100,000 images (the map: every point), and reading it
// to answer a count would block the engine's event loop for ~100 ms.

export interface AnalysisBrief {
  fingerprint: string;
  /** The record's files (see AnalysisRecord.files), so that files in use are known without the record. */
  files: string[];
  /** kfold: the image of each label issue (the summary leaves out those a person kept), and how many suggestions. */
  issueImageIds?: number[];
  suggestions?: number;
}

export function briefOf(record: AnalysisRecord): AnalysisBrief {
  const brief: AnalysisBrief = { fingerprint: record.fingerprint, files: record.files ?? [] };
  if (record.kind === 'kfold') {
    const value = record.value as KfoldResult;
    brief.issueImageIds = value.issues.map(([item]) => record.imageIds[item]!);
    brief.suggestions = value.suggestions.length;
  }
  return brief;
}

/** Where a result is cached: <cache/analysis>/<datasetId>/<kind>-<model hash>.json. */
export function resultFile(cacheDir: string, kind: AnalysisKind, datasetId: number, model: string): string {
  return path.join(cacheDir, String(datasetId), `${kind}-${crypto.createHash('sha1').update(model).digest('hex').slice(0, 16)}.json`);
}

/** <result>.brief.json next to <result>.json. */
export function briefFile(recordFile: string): string {
  return recordFile.replace(/\.json$/, '.brief.json');
}

/** The brief kept next to a result file, or null when there is none (an older cache, or unreadable). */
export function readBrief(recordFile: string): AnalysisBrief | null {
  try {
    const brief = JSON.parse(fs.readFileSync(briefFile(recordFile), 'utf8')) as AnalysisBrief;
    return typeof brief.fingerprint === 'string' && Array.isArray(brief.files) ? brief : null;
  } catch {
    return null;
  }
}

export function writeBrief(recordFile: string, brief: AnalysisBrief): void {
  const file = briefFile(recordFile);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(brief));
  fs.renameSync(tmp, file);
}
