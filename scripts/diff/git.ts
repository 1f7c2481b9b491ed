// Reads a revision of the repo with git, without touching the working tree or the index: the revision is
// checked with rev-parse, its tree listed with ls-tree and its files streamed out of cat-file into a folder.
// Every git process runs from an argument array (never a shell) with a time limit; the revision is the
// only thing a user gives, and it follows --end-of-options.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** git could not do what diff needs (not a repo, no such revision, git missing or too slow): exit status 2. */
export class GitError extends Error {}

export const GIT_TIMEOUT_MS = 60_000;
/** Reading every file of a revision: generous, since a large repo streams a lot. */
export const GIT_READ_TIMEOUT_MS = 300_000;
const MAX_OUTPUT = 2 * 1024 * 1024 * 1024 - 1;

// Git's own settings from the environment would point it elsewhere; the repo is the one the paths are in.
const gitEnv = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  for (const key of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES'])
    delete env[key];
  return env;
};

function git(cwd: string, args: string[], what: string): Promise<Buffer> {
  return new Promise((resolveRun, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: MAX_OUTPUT, timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (!error) return resolveRun(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new GitError(`${what}: git is not installed or not on PATH.`));
        if (error.killed) return reject(new GitError(`${what}: git did not finish within ${GIT_TIMEOUT_MS / 1000} s.`));
        reject(new GitError(`${what}: ${stderr.toString('utf8').trim() || error.message}`));
      },
    );
  });
}

/** The top folder of the git work tree that holds `dir`. */
export async function topLevel(dir: string): Promise<string> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'], dir)).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) {
      throw new GitError(
        `${dir} is not in a git repository: --base needs the repo's history (use --base-chart alone to compare charts without git).`,
      );
    }
    throw error;
  }
}

/** The commit a revision names (a branch, tag, sha, HEAD~2, ...); fails clearly when it names none. */
export async function resolveCommit(top: string, revision: string): Promise<string> {
  let out: string;
  try {
    out = (await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], `--base ${revision}`))
      .toString('utf8')
      .trim();
  } catch (error) {
    if (!(error instanceof GitError) || /git is not installed|did not finish/.test(error.message)) throw error;
    throw new GitError(
      `--base ${JSON.stringify(revision)}: no such commit in ${top}. Give a branch, tag or commit that exists here ` +
        '(in CI, fetch it first: actions/checkout with fetch-depth: 0, or git fetch origin <branch>).',
    );
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out))
    throw new GitError(`--base ${JSON.stringify(revision)}: git answered "${out}", not a commit id.`);
  return out;
}

interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  path: string;
}

/** Every file of a commit's tree (ls-tree -r -z: "<mode> <type> <object>\t<path>\0"). */
async function listTree(top: string, commit: string): Promise<TreeEntry[]> {
  const out = await git(top, ['ls-tree', '-r', '-z', '--full-tree', commit], `reading ${commit}`);
  const entries: TreeEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, object] = record.slice(0, tab).split(' ');
    entries.push({ mode, type, object, path: record.slice(tab + 1) });
  }
  return entries;
}

/** The contents of blobs, streamed through one `git cat-file --batch`. */
function readBlobs(top: string, objects: string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: top, env: gitEnv(), timeout: GIT_READ_TIMEOUT_MS, killSignal: 'SIGKILL' });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', (error) => reject(new GitError(`reading files with git: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (signal) return reject(new GitError(`reading files with git: it did not finish within ${GIT_READ_TIMEOUT_MS / 1000} s.`));
      if (code !== 0) return reject(new GitError(`reading files with git: ${Buffer.concat(errors).toString('utf8').trim()}`));
      const out = Buffer.concat(chunks);
      const blobs = new Map<string, Buffer>();
      let at = 0;
      while (at < out.length) {
        const end = out.indexOf(0x0a, at);
        const [object, type, size] = out.subarray(at, end).toString('utf8').split(' ');
        if (type !== 'blob') return reject(new GitError(`reading files with git: ${object} is ${type ?? 'unreadable'}, not a file.`));
        const start = end + 1;
        blobs.set(object, out.subarray(start, start + Number(size)));
        at = start + Number(size) + 1;
      }
      resolveRun(blobs);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(objects.map((o) => `${o}\n`).join(''));
  });
}

/** A path from a tree written under `dest`, or undefined when it would land outside it. */
function inside(dest: string, path: string): string | undefined {
  if (isAbsolute(path) || path.split('/').some((part) => part === '..' || part === '' || part === '.git')) return undefined;
  const target = resolve(dest, path);
  return target.startsWith(dest + sep) ? target : undefined;
}

/**
 * Writes every file of `commit` under `dest`, as a checkout would: regular and executable files, and symbolic
 * links whose target stays inside the tree (others, and submodules, are left out). A `.git` marker at the top
 * keeps config lookups from climbing out of the copy.
 */
export async function extractTree(top: string, commit: string, dest: string): Promise<void> {
  const entries = await listTree(top, commit);
  const blobs = await readBlobs(top, [...new Set(entries.filter((e) => e.type === 'blob').map((e) => e.object))]);
  mkdirSync(dest, { recursive: true });
  for (const entry of entries) {
    if (entry.type !== 'blob') continue;
    const target = inside(dest, entry.path);
    const data = blobs.get(entry.object);
    if (!target || !data) continue;
    mkdirSync(dirname(target), { recursive: true });
    if (entry.mode === '120000') {
      const link = data.toString('utf8');
      if (
        !isAbsolute(link) &&
        inside(
          dest,
          relative(dest, resolve(dirname(target), link))
            .split(sep)
            .join('/'),
        )
      )
        symlinkSync(link, target);
      continue;
    }
    writeFileSync(target, data, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
  }
  writeFileSync(join(dest, '.git'), '');
}
