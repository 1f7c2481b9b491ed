// Real places to publish the chart to, on 127.0.0.1, for the publishing tests: an OCI registry (the CNCF
// distribution registry, Debian's docker-registry package) and a static HTTP server for a Helm repository.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { stringify } from 'yaml';

export const REGISTRY_BINARY = 'docker-registry';

/** The path of a program on PATH, if there is one. */
export function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    if (dir && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** How to get the registry binary. */
export const REGISTRY_INSTALL =
  `install Debian's ${REGISTRY_BINARY} package ("apt-get install ${REGISTRY_BINARY}", on Debian or Ubuntu), or put the CNCF ` +
  `distribution registry binary on PATH under the name ${REGISTRY_BINARY}`;

/** What to do when the registry binary is missing (`npm test` installs it where it can: test/prerequisites.ts). */
export const REGISTRY_MISSING =
  `The publishing tests push the chart to a real OCI registry, and "${REGISTRY_BINARY}" is not on PATH: ${REGISTRY_INSTALL}. ` +
  'npm test installs it by itself when it runs as root on a machine with apt-get.';

/** The registry binary; throws a message saying what to install when there is none. */
export function registryBinary(): string {
  const found = onPath(REGISTRY_BINARY);
  if (!found) throw new Error(REGISTRY_MISSING);
  return found;
}

export interface Registry {
  /** 127.0.0.1:<port> */
  host: string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** htpasswd lines (bcrypt): every request then needs these credentials */
  htpasswd?: string;
}

/**
 * Starts a registry on a free port of 127.0.0.1, with its own config and storage in a temporary folder and an
 * environment of its own (the registry reads REGISTRY_* variables as config). Resolves once it listens.
 */
export function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const binary = registryBinary();
  const dir = mkdtempSync(join(tmpdir(), 'app-chart-registry-'));
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    // port 0: the kernel picks a free port, which the registry logs as "listening on 127.0.0.1:<port>"
    http: { addr: '127.0.0.1:0', secret: 'app-chart-test' },
  };
  if (options.htpasswd !== undefined) {
    writeFileSync(join(dir, 'htpasswd'), options.htpasswd);
    config.auth = { htpasswd: { realm: 'app-chart-test', path: join(dir, 'htpasswd') } };
  }
  writeFileSync(join(dir, 'config.yml'), stringify(config));

  const child = spawn(binary, ['serve', join(dir, 'config.yml')], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  // a test worker that ends without stopping it (a crash, a timeout) takes the registry with it
  const killWithWorker = () => child.kill('SIGKILL');
  process.once('exit', killWithWorker);
  const stop = async () => {
    process.off('exit', killWithWorker);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  return new Promise((resolveStart, reject) => {
    let log = '';
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (port) {
        child.stdout.off('data', read);
        child.stderr.off('data', read);
        child.stdout.resume();
        child.stderr.resume();
        resolveStart({ host: `127.0.0.1:${port}`, stop });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message}`)));
    child.once('exit', (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`${binary} exited (${signal ?? `code ${code}`}) before it listened:\n${log}`));
    });
  });
}

export interface StaticServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** Serves the files directly inside `dir` (by name, no subfolders) over HTTP on a free port of 127.0.0.1. */
export function serveDirectory(dir: string): Promise<StaticServer> {
  const server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname.slice(1));
    const file = join(dir, basename(name));
    if (request.method !== 'GET' || name !== basename(name) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': name.endsWith('.yaml') ? 'application/yaml' : 'application/gzip' });
    response.end(readFileSync(file));
  });
  return new Promise((resolveListen) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolveListen({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((resolveClose) => server.close(() => resolveClose())),
      });
    });
  });
}
