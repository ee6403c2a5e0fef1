// The worker's side of spawn.ts: an Electron utility process talks through process.parentPort,
// a forked Node process through process.send / 'message'.

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

export function onParentMessage(listener: (message: any) => void): void {
  if (parentPort) parentPort.on('message', (e) => listener(e.data));
  else process.on('message', listener);
}

export function postToParent(message: unknown): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

/** A forked worker exits with its parent; a utility process is ended by Electron itself. */
export function exitWithParent(): void {
  if (!parentPort) process.on('disconnect', () => process.exit(0));
}
