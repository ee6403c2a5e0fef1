import { spawn } from 'node:child_process';
import { defaultWorkspaceDir } from '../../../engine/workspace';
import { isLoopbackHost } from '../../serve/request-guard';
import { startServer } from '../../serve/server';
import { CliUsageError, parseCommandArgs, type CliCommand } from '../command';

/** Best effort: hands the URL to the desktop's browser; silent when there is none. */
function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no browser: the URL is printed anyway
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve [--port N] [--host H] [--no-open]',
  summary: 'Serve the app to a browser over HTTP (default http://127.0.0.1:7878).',
  async run(argv) {
    const { values } = parseCommandArgs(argv, {
      port: { type: 'string', default: '7878' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-open': { type: 'boolean', default: false },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliUsageError(`--port must be a whole number from 0 to 65535, got "${values.port}".`);
    }
    const host = values.host!;
    if (!isLoopbackHost(host)) {
      process.stderr.write(
        `warning: serving on ${host}, reachable from other machines. Anyone with the token URL can use ` +
          'this workspace; traffic is plain HTTP.\n',
      );
    }
    const server = await startServer({ workspace: values.workspace ?? defaultWorkspaceDir(), host, port });
    process.stdout.write(`ViT Studio is serving ${server.engine.ctx.ws.paths.root}\nOpen ${server.url}\n`);
    if (!values['no-open']) openInBrowser(server.url);

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.stderr.write('Shutting down…\n');
        server.close().then(resolve, resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
