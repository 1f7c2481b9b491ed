// Every machine a team uses: where no pinned Helm exists for the platform (faked here), the Helm on PATH or
// HELM_BIN is used, named with its version, with a warning when its major or minor version differs from the
// pinned one; and where the toolkit keeps its cache in a deployment repo.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import {
  carrierBinary,
  extractPinned,
  goRuntime,
  helmFor,
  HelmError,
  helmIdentity,
  helmNotice,
  helmVersion,
  packedBinary,
  PINNED,
  runHelm,
} from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { cacheDirFor } from '../scripts/install.ts';
import { APP_CHART } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'app-chart-platform-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const mac = { platform: 'darwin', arch: 'arm64' };
const graviton = { platform: 'linux', arch: 'arm64' };

/** A folder for PATH holding `helm`: a link to one of the real pinned binaries. */
function pathWith(major: 3 | 4): string {
  const dir = join(tmp, `path-helm-${major}`);
  mkdirSync(dir, { recursive: true });
  try {
    symlinkSync(helmFor(major).bin, join(dir, 'helm'));
  } catch {
    // made by an earlier test
  }
  return dir;
}

describe('a platform without a pinned Helm', () => {
  it('uses the helm on PATH, says which and its version, and renders with it', async () => {
    const helm = helmFor(4, { PATH: `/nonexistent:${pathWith(4)}` }, mac);
    expect(helm).toMatchObject({ source: 'PATH', external: true, version: PINNED[4].version, major: 4, bin: join(pathWith(4), 'helm') });
    expect(helmNotice(helm)).toBe(`app-chart: using Helm ${PINNED[4].version} at ${join(pathWith(4), 'helm')} (found on PATH)`);
    const result = await runHelm(helm, ['template', 'x', join(packageRoot, 'chart'), '--set=captain_domain=example.com']);
    expect(result.exitCode).toBe(0);
  });

  it('warns when the Helm found differs in major or minor version from the pinned one asked for', () => {
    const helm = helmFor(4, { PATH: pathWith(3) }, graviton);
    expect(helm).toMatchObject({ source: 'PATH', version: PINNED[3].version, major: 3, requested: 4 });
    expect(helmNotice(helm)).toBe(
      `app-chart: using Helm ${PINNED[3].version} at ${join(pathWith(3), 'helm')} (found on PATH)\n` +
        `app-chart: warning: Helm ${PINNED[3].version} is not the 4.1 app-chart pins for --helm 4 (${PINNED[4].version}); ` +
        'renders and schema checks may differ from those of the pinned Helm',
    );
    expect(helmNotice(helmFor(3, { PATH: pathWith(3) }, graviton))).not.toMatch(/warning/);
  });

  it('warns for another minor version of the major asked for, and skips a PATH entry that is not absolute', () => {
    const helm = { ...helmFor(3, { PATH: pathWith(3) }, graviton), version: 'v3.14.2' };
    expect(helmNotice(helm)).toContain(
      `app-chart: warning: Helm v3.14.2 is not the 3.18 app-chart pins for --helm 3 (${PINNED[3].version})`,
    );
    // a relative folder on PATH is looked up from wherever app-chart runs: never taken
    const relativeDir = relative(process.cwd(), pathWith(3));
    expect(helmFor(4, { PATH: `${relativeDir}:${pathWith(4)}` }, mac).bin).toBe(join(pathWith(4), 'helm'));
  });

  it('skips a helm on PATH that cannot be executed', () => {
    const dir = join(tmp, 'not-executable');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'helm'), '#!/bin/sh\n');
    chmodSync(join(dir, 'helm'), 0o644);
    expect(helmFor(4, { PATH: `${dir}:${pathWith(4)}` }, mac).bin).toBe(join(pathWith(4), 'helm'));
  });

  it('skips a folder named helm on PATH (a checkout of Helm, a chart)', () => {
    const dir = join(tmp, 'helm-folder');
    mkdirSync(join(dir, 'helm'), { recursive: true });
    expect(helmFor(4, { PATH: `${dir}:${pathWith(4)}` }, mac).bin).toBe(join(pathWith(4), 'helm'));
  });

  it('finds helm.exe or helm.cmd on PATH on Windows, helm.exe first, and neither elsewhere', () => {
    const windows = { platform: 'win32', arch: 'x64' };
    const exe = join(tmp, 'win-exe');
    const cmd = join(tmp, 'win-cmd');
    mkdirSync(exe, { recursive: true });
    mkdirSync(cmd, { recursive: true });
    symlinkSync(helmFor(4).bin, join(exe, 'helm.exe'));
    symlinkSync(helmFor(4).bin, join(exe, 'helm'));
    symlinkSync(helmFor(4).bin, join(cmd, 'helm.cmd'));
    expect(helmFor(4, { PATH: exe }, windows).bin).toBe(join(exe, 'helm.exe'));
    expect(helmFor(4, { PATH: `${cmd}:${exe}` }, windows).bin).toBe(join(cmd, 'helm.cmd'));
    expect(helmFor(4, { PATH: `${cmd}:${exe}` }, mac).bin).toBe(join(exe, 'helm'));
  });

  /** A stand-in Helm at `name`/helm, written again at each call: a script printing `version`, with time `time`. */
  const installer = (name: string) => {
    const bin = join(tmp, name, 'helm');
    mkdirSync(join(tmp, name), { recursive: true });
    return {
      bin,
      install: (script: string, time: number, version = 'v3.18.0') => {
        writeFileSync(bin, `#!/bin/sh\n${script}\necho ${version}\n`);
        chmodSync(bin, 0o755);
        utimesSync(bin, time, time);
        return helmFor(3, { HELM_BIN: bin });
      },
    };
  };

  it('takes a Helm replaced at the same path, of the same version, for another Helm in the cache keys', () => {
    const { install } = installer('replaced');
    const before = helmIdentity(install('# a wrapper', 1_700_000_000));
    expect(helmIdentity(install('# a wrapper', 1_700_000_000))).toBe(before);
    // another build of the same version (a wrapper that adds flags, a patched Helm) may render otherwise
    expect(helmIdentity(install('# another wrapper, longer', 1_700_000_100))).not.toBe(before);
  });

  it('takes a Helm replaced in place for another when only its size or only its time changed', () => {
    const { install } = installer('replaced-once');
    const first = helmIdentity(install('# build a', 1_700_000_000));
    // a patched build of the same size, installed later
    const patched = helmIdentity(install('# build b', 1_700_000_100));
    // another build copied in with its time kept (cp -p, an archive's times)
    const copied = helmIdentity(install('# build c, longer', 1_700_000_100));
    expect(new Set([first, patched, copied]).size).toBe(3);
  });

  it('asks a Helm upgraded in place at the same path for its version again, in the same process', () => {
    const { install } = installer('upgraded');
    expect(install('', 1_700_000_000, 'v3.17.3').version).toBe('v3.17.3');
    expect(install('', 1_700_000_100, 'v3.18.0').version).toBe('v3.18.0');
  });

  it('fails naming the platform and the fix when no Helm is on PATH', () => {
    expect(() => helmFor(4, { PATH: join(tmp, 'empty') }, mac)).toThrow(HelmError);
    expect(() => helmFor(4, { PATH: join(tmp, 'empty') }, mac)).toThrow(
      `no Helm for darwin-arm64: the Helm binaries app-chart ships (${PINNED[3].version}, ${PINNED[4].version}) run on Linux x86-64 only. ` +
        'Install Helm 4.1 and put it on PATH, or set HELM_BIN to its path.',
    );
  });

  it('refuses a HELM_BIN that does not run or is not Helm 3 or 4, naming it and why', () => {
    const old = join(tmp, 'helm-2');
    writeFileSync(old, '#!/bin/sh\necho v2.17.0\n', { mode: 0o755 });
    expect(() => helmFor(3, { HELM_BIN: old })).toThrow(
      new HelmError(
        `the Helm at ${old} (HELM_BIN) is v2.17.0; app-chart needs Helm 3 or 4 (it is tested with ${PINNED[3].version} and ${PINNED[4].version}).`,
      ),
    );
    // a Helm newer than 4 is refused as well: its chart API and flags are not known to work
    const next = join(tmp, 'helm-5');
    writeFileSync(next, '#!/bin/sh\necho v5.0.0\n', { mode: 0o755 });
    expect(() => helmFor(4, { HELM_BIN: next })).toThrow(`the Helm at ${next} (HELM_BIN) is v5.0.0; app-chart needs Helm 3 or 4`);
    const broken = join(tmp, 'helm-broken');
    writeFileSync(broken, '#!/bin/sh\necho "exec format error" >&2\nexit 126\n', { mode: 0o755 });
    expect(() => helmFor(4, { HELM_BIN: broken })).toThrow(
      new HelmError(`the Helm at ${broken} (HELM_BIN) does not run: Command failed: ${broken} version --template {{.Version}}`),
    );
  });

  it('prefers HELM_BIN to PATH, and names it', () => {
    const helm = helmFor(3, { PATH: pathWith(4), HELM_BIN: helmFor(3).bin }, mac);
    expect(helm).toMatchObject({ source: 'HELM_BIN', bin: helmFor(3).bin, version: PINNED[3].version });
    expect(helmNotice(helm)).toBe(`app-chart: using Helm ${PINNED[3].version} at ${helmFor(3).bin} (from HELM_BIN)`);
  });

  it('refuses a binary that is not a working Helm, naming it', () => {
    const dir = join(tmp, 'fake');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'helm'), '#!/bin/sh\necho not helm\n');
    chmodSync(join(dir, 'helm'), 0o755);
    expect(() => helmFor(4, { PATH: dir }, mac)).toThrow(
      `the Helm at ${join(dir, 'helm')} (PATH) reports no version ("helm version" said "not helm")`,
    );
    // a version is major.minor.patch: "v3" alone is none
    writeFileSync(join(dir, 'helm'), '#!/bin/sh\necho v3\n');
    utimesSync(join(dir, 'helm'), 1_700_000_000, 1_700_000_000);
    expect(() => helmFor(4, { PATH: dir }, mac)).toThrow('reports no version ("helm version" said "v3")');
  });
});

describe('on the pinned platform', () => {
  it('uses the pinned binary and says nothing about it', () => {
    const helm = helmFor(4, { PATH: pathWith(3) }, { platform: 'linux', arch: 'x64' });
    expect(helm).toMatchObject({ source: 'pinned', external: false, version: PINNED[4].version });
    expect(helmNotice(helm)).toBeUndefined();
  });

  it('names a HELM_BIN Helm and its version on every render, with the mismatch warning', async () => {
    const result = await execa(
      'node',
      [
        APP_CHART,
        'render',
        join(packageRoot, 'examples', 'minimal'),
        '--env',
        'prod',
        '--helm',
        '4',
        '--set',
        'captain_domain=example.com',
      ],
      { reject: false, stdin: 'ignore', env: { HELM_BIN: helmFor(3).bin } },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^---\n# Source: /);
    expect(result.stderr).toBe(
      `app-chart: using Helm ${PINNED[3].version} at ${helmFor(3).bin} (from HELM_BIN)\n` +
        `app-chart: warning: Helm ${PINNED[3].version} is not the 4.1 app-chart pins for --helm 4 (${PINNED[4].version}); ` +
        'renders and schema checks may differ from those of the pinned Helm',
    );
  });
});

describe('the cache folder', () => {
  it('is APP_CHART_CACHE_DIR when set', () => {
    expect(cacheDirFor({ APP_CHART_CACHE_DIR: join(tmp, 'c') }, join(tmp, 'repo', 'node_modules', 'app-chart'))).toBe(join(tmp, 'c'));
  });

  it("is the deployment repo's node_modules/.cache/app-chart, not the installed package's folder", () => {
    const pkg = join(tmp, 'repo', 'node_modules', 'app-chart');
    mkdirSync(pkg, { recursive: true });
    expect(cacheDirFor({}, pkg)).toBe(join(tmp, 'repo', 'node_modules', '.cache', 'app-chart'));
    const scoped = join(tmp, 'repo', 'node_modules', '@platform', 'app-chart');
    mkdirSync(scoped, { recursive: true });
    expect(cacheDirFor({}, scoped)).toBe(join(tmp, 'repo', 'node_modules', '.cache', 'app-chart'));
  });

  it("is the user's cache folder when the repo's node_modules cannot be written, whether or not the package's folder can", () => {
    const pkg = join(tmp, 'repo', 'node_modules', 'app-chart');
    mkdirSync(pkg, { recursive: true });
    const env = { XDG_CACHE_HOME: join(tmp, 'xdg') };
    // a global install: the package's folder writable, the node_modules above it not
    const onlyPackage = (dir: string) => dir === pkg;
    expect(cacheDirFor(env, pkg, onlyPackage)).toBe(join(tmp, 'xdg', 'app-chart'));
    // a read-only package (a pnpm store, an image layer) in a node_modules that can be written
    const notPackage = (dir: string) => dir !== pkg;
    expect(cacheDirFor(env, pkg, notPackage)).toBe(join(tmp, 'repo', 'node_modules', '.cache', 'app-chart'));
    // asked of the file system: a node_modules that is not there cannot be written either
    expect(cacheDirFor(env, join(tmp, 'gone', 'node_modules', 'app-chart'))).toBe(join(tmp, 'xdg', 'app-chart'));
  });

  it("is the user's cache folder when the file system says the repo's node_modules can be read but not written", async () => {
    const modules = join(tmp, 'read-only', 'node_modules');
    const pkg = join(modules, 'app-chart');
    mkdirSync(pkg, { recursive: true });
    const xdg = join(tmp, 'xdg');
    const ask = `import { cacheDirFor } from ${JSON.stringify(join(packageRoot, 'scripts', 'install.ts'))};
      process.stdout.write(cacheDirFor({ XDG_CACHE_HOME: ${JSON.stringify(xdg)} }, ${JSON.stringify(pkg)}));`;
    const node = ['node', '--import', 'tsx', '--input-type=module', '-e', ask];
    let answer: string;
    if (process.getuid?.() === 0) {
      // root may write in any folder its mode forbids: the folder is made read-only as a mount is, in a mount
      // namespace of the process's own
      const script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"';
      answer = (await execa('unshare', ['--mount', 'sh', '-c', script, 'sh', modules, ...node], { cwd: packageRoot })).stdout;
    } else {
      chmodSync(modules, 0o555);
      answer = (await execa(node[0], node.slice(1), { cwd: packageRoot })).stdout;
      chmodSync(modules, 0o755);
    }
    expect(answer).toBe(join(xdg, 'app-chart'));
  });

  it("is the clone's own node_modules/.cache/app-chart in a clone, and the user's cache folder otherwise", () => {
    expect(cacheDirFor({}, packageRoot)).toBe(join(packageRoot, 'node_modules', '.cache', 'app-chart'));
    const bare = join(tmp, 'bare-package');
    mkdirSync(bare, { recursive: true });
    expect(cacheDirFor({ XDG_CACHE_HOME: join(tmp, 'xdg') }, bare)).toBe(join(tmp, 'xdg', 'app-chart'));
    // a folder named like a scope is one only inside node_modules: a clone in ~/@work/app-chart uses its own
    const atFolder = join(tmp, '@work', 'app-chart');
    mkdirSync(join(atFolder, 'node_modules'), { recursive: true });
    expect(cacheDirFor({}, atFolder)).toBe(join(atFolder, 'node_modules', '.cache', 'app-chart'));
  });

  it('is always absolute: a relative APP_CHART_CACHE_DIR is taken from the working folder, and empty variables are unset ones', () => {
    const bare = join(tmp, 'bare-package-env');
    mkdirSync(bare, { recursive: true });
    expect(cacheDirFor({ APP_CHART_CACHE_DIR: 'ci-cache' }, bare)).toBe(join(process.cwd(), 'ci-cache'));
    expect(cacheDirFor({ APP_CHART_CACHE_DIR: '' }, packageRoot)).toBe(join(packageRoot, 'node_modules', '.cache', 'app-chart'));
    // an empty XDG_CACHE_HOME means the default, never a cache folder relative to wherever lint runs
    expect(cacheDirFor({ XDG_CACHE_HOME: '' }, bare)).toBe(join(homedir(), '.cache', 'app-chart'));
    expect(cacheDirFor({}, bare)).toBe(join(homedir(), '.cache', 'app-chart'));
  });
});

describe('the Go runtime of each Helm run', () => {
  const bounds = { timeoutMs: 1000, memoryBytes: 1024 * 2 ** 20, outputBytes: 2 ** 20 };

  it('collects less often, and sooner than the memory bound, unless the caller chose', () => {
    expect(goRuntime({}, bounds)).toEqual({ GOGC: '400', GOMEMLIMIT: '614MiB' });
    expect(goRuntime({ GOGC: '100', GOMEMLIMIT: '2GiB' }, bounds)).toEqual({});
    expect(goRuntime({ GOGC: 'off' }, { ...bounds, memoryBytes: 200 * 2 ** 20 })).toEqual({ GOMEMLIMIT: '120MiB' });
    expect(goRuntime({}, { ...bounds, memoryBytes: Infinity })).toEqual({ GOGC: '400' });
    // set to nothing is not a choice: Go reads an empty GOGC as its default
    expect(goRuntime({ GOGC: '', GOMEMLIMIT: '' }, bounds)).toEqual({ GOGC: '400', GOMEMLIMIT: '614MiB' });
  });

  it('reaches the process Helm runs as', async () => {
    const printEnv = { ...helmFor(4), bin: '/usr/bin/env' };
    const { stdout } = await runHelm(printEnv, []);
    const lines = stdout.split('\n');
    // what this test's own environment chose wins, as it does for a user
    expect(lines).toContain(`GOGC=${process.env.GOGC || '400'}`);
    expect(lines.filter((l) => l.startsWith('GOMEMLIMIT='))).toEqual([`GOMEMLIMIT=${process.env.GOMEMLIMIT || '614MiB'}`]);
  });

  it("runs a render without the caller's HELM_* variables, and every run with Helm homes of its own", async () => {
    const printEnv = { ...helmFor(4), bin: '/usr/bin/env' };
    const saved = process.env.HELM_DRIVER;
    process.env.HELM_DRIVER = 'sql';
    try {
      const isolated = (await runHelm(printEnv, [], { isolated: true })).stdout.split('\n');
      expect(isolated.filter((l) => l.startsWith('HELM_DRIVER='))).toEqual([]);
      expect(isolated.filter((l) => /^HELM_(CACHE|CONFIG|DATA)_HOME=/.test(l)).map((l) => l.split('=')[0])).toEqual([
        'HELM_CACHE_HOME',
        'HELM_CONFIG_HOME',
        'HELM_DATA_HOME',
      ]);
      expect((await runHelm(printEnv, [])).stdout.split('\n')).toContain('HELM_DRIVER=sql');
    } finally {
      if (saved === undefined) delete process.env.HELM_DRIVER;
      else process.env.HELM_DRIVER = saved;
    }
  });
});

describe("the Helm binary of a clone's first use (the carrier package's zip)", () => {
  it('is the very binary renders run, extracted into an empty cache as a program that runs; nothing without the carrier', async () => {
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    // a clone's first use reads the carrier's zip (a clone that ran npm pack has packed binaries too: the same)
    const rendering = sha256(readFileSync(helmFor(3).bin));
    expect(sha256(carrierBinary(PINNED[3]) ?? new Uint8Array())).toBe(rendering);
    const extracted = extractPinned(3, mkdtempSync(join(tmp, 'empty-cache-')));
    expect(sha256(readFileSync(extracted))).toBe(rendering);
    // the first render of a fresh install runs it: "cannot run Helm ... EACCES" if it were not executable
    expect(await helmVersion({ ...helmFor(3), bin: extracted })).toBe(PINNED[3].version);
    // a cache restored without its file modes (a CI cache step) is extracted again, not run as it is
    chmodSync(extracted, 0o644);
    expect(extractPinned(3, dirname(dirname(extracted)))).toBe(extracted);
    expect(statSync(extracted).mode & 0o777).toBe(0o755);
    expect(carrierBinary({ version: PINNED[3].version, carrier: '@app-chart-test/no-such-carrier' })).toBeUndefined();
  });
});

describe("the Helm binary packed into the npm package (helm/, from the package's build)", () => {
  const pin = PINNED[4];
  const packed = (stored: string, recorded: string, version = pin.version) => {
    const dir = mkdtempSync(join(tmp, 'packed-helm-'));
    const sha256 = createHash('sha256').update(recorded).digest('hex');
    const binaries = [{ version, platform: 'linux', arch: 'x64', file: 'helm.br', sha256, size: Buffer.byteLength(recorded) }];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ binaries }));
    writeFileSync(join(dir, 'helm.br'), brotliCompressSync(Buffer.from(stored)));
    return dir;
  };

  it('is the binary whose SHA-256 the build recorded, and nothing from a folder without it', () => {
    expect(Buffer.from(packedBinary(pin, packed('#!helm', '#!helm'))!).toString()).toBe('#!helm');
    expect(packedBinary(pin, packed('#!helm', '#!helm', '0.0.1'))).toBeUndefined();
    expect(packedBinary(pin, mkdtempSync(join(tmp, 'no-packed-helm-')))).toBeUndefined();
  });

  it('is refused when damaged, even when it kept its size, with the fix: reinstall', () => {
    const dir = packed('#!helx', '#!helm');
    expect(() => packedBinary(pin, dir)).toThrow(
      new HelmError(
        `${join(dir, 'helm.br')} does not hold the Helm ${pin.version} it was packed with (SHA-256 differs); reinstall app-chart.`,
      ),
    );
  });
});
