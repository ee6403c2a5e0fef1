import os from 'node:os';
import { WorkerPool } from '../workers/pool';
import type { BackendName } from './backend';
import type { FeatureBatch, FeatureEngine, FeatureEngineInfo } from './feature-engine';
import { poolExtract, vitReplies, type VitTasks } from './vit-forward-task';

// The TF.js FeatureEngine for batch work: multi-threaded WASM does not start in Node, so a batch
// is split over one worker process per core, each with its own single-threaded backend and its
// own copy of the model. It also keeps every forward pass off the caller's event loop (the
// Electron main process, `serve`), whatever the backend.

export class PooledTfjsFeatureEngine implements FeatureEngine {
  private constructor(
    readonly info: FeatureEngineInfo,
    private readonly pool: WorkerPool<VitTasks>,
    private readonly folder: string,
    private readonly backend: BackendName | undefined,
  ) {}

  /**
   * One process per core for the WASM and CPU backends; one for tfjs-node(-gpu), whose kernels
   * are multi-threaded (or on the GPU) already.
   */
  static async create(folder: string, opts: { backend?: BackendName; processes?: number } = {}): Promise<PooledTfjsFeatureEngine> {
    const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
    const processes = opts.processes ?? (opts.backend === 'tensorflow' ? 1 : cores);
    const pool = new WorkerPool<VitTasks>(processes);
    try {
      // Loads the model in a first process and learns what it runs on.
      const first = await pool.run('vit-describe', { folder, backend: opts.backend }, vitReplies['vit-describe']);
      const device = processes > 1 ? `${first.device} × ${processes} processes` : first.device;
      return new PooledTfjsFeatureEngine({ ...first, device }, pool, folder, opts.backend);
    } catch (e) {
      pool.close();
      throw e;
    }
  }

  extract(pixelValues: Float32Array, batchSize: number): Promise<FeatureBatch> {
    return poolExtract(this.pool, this.folder, pixelValues, batchSize, { backend: this.backend });
  }

  async dispose(): Promise<void> {
    this.pool.close();
  }
}
