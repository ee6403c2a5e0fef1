import { utilityProcess } from 'electron';
import type { WorkerSpawner } from '../../workers/spawn';

/**
 * Worker processes for the packaged app: the runAsNode fuse is off, so the app's binary cannot
 * be forked as Node; Electron's utility processes run the same worker bundle instead.
 */
export const utilityProcessSpawner: WorkerSpawner = (entry, env) => {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'ViT Studio worker',
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (m) => child.postMessage(m),
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.on('exit', (code) => l(code, null)),
    kill: () => {
      if (!exited) child.kill();
    },
    // A utility process has no IPC channel to close: once its task has answered, end it.
    disconnect: () => {
      if (!exited) child.kill();
    },
  };
};
