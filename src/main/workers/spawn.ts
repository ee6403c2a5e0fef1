import { fork } from 'node:child_process';
import { distPath } from '../app-root';

// How the engine starts a worker process. Under plain Node (CLI, `serve`, tests) it is
// child_process.fork. A packaged Electron app has the runAsNode fuse off, so forking the app's
// own binary would start a second app: the Electron host installs a spawner built on
// utilityProcess.fork instead (setWorkerSpawner). The engine never imports Electron.

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: any) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** SIGKILL: cancel means stop now; the database is written only by the engine's process. */
  kill(): void;
  /** Lets the worker exit on its own once its work is done. */
  disconnect(): void;
}

export type WorkerSpawner = (entry: string, env: NodeJS.ProcessEnv) => WorkerHandle;

export const forkSpawner: WorkerSpawner = (entry, env) => {
  const child = fork(entry, [], {
    serialization: 'advanced', // typed arrays cross as structured clones, not JSON
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...env },
  });
  return {
    pid: child.pid,
    send: (m) => void child.send(m as never),
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.on('exit', (code, signal) => l(code, signal)),
    kill: () => void child.kill('SIGKILL'),
    disconnect: () => {
      if (child.connected) child.disconnect();
    },
  };
};

let current: WorkerSpawner = forkSpawner;

/** The bundled worker entry; VIT_STUDIO_WORKER_ENTRY points tests at a freshly bundled one. */
export function workerEntry(): string {
  return process.env.VIT_STUDIO_WORKER_ENTRY ?? distPath('main/workers/worker-entry.js');
}

export function setWorkerSpawner(spawner: WorkerSpawner): void {
  current = spawner;
}

export function spawnWorker(entry: string, env: NodeJS.ProcessEnv = {}): WorkerHandle {
  return current(entry, env);
}

/** Whether a process with this pid exists (EPERM: it exists, owned by another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
