// What `npm test` needs beside the npm packages, made sure of before any test runs (package.json's pretest):
// Debian's docker-registry, the OCI registry the publishing tests push the chart to. Where it is missing, it is
// installed with apt-get when this runs as root on a machine that has apt-get; anywhere else `npm test` stops
// here, saying what to install. Never a test skipped in silence.
import { spawnSync } from 'node:child_process';
import { onPath, REGISTRY_BINARY, REGISTRY_INSTALL } from './registry.ts';

function fail(why: string): never {
  process.stderr.write(`npm test: ${why}\n`);
  process.exit(1);
}

/** Runs apt-get with its output shown; true when it succeeded. */
const aptGet = (...args: string[]) =>
  spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;

if (!onPath(REGISTRY_BINARY)) {
  const root = process.getuid?.() === 0;
  if (!root || !onPath('apt-get')) {
    fail(
      `the publishing tests push the chart to a real OCI registry, and "${REGISTRY_BINARY}" is not on PATH. npm test installs it ` +
        `only as root on a machine with apt-get, and ${root ? 'this machine has no apt-get' : 'it does not run as root here'}: ${REGISTRY_INSTALL}, then run npm test again.`,
    );
  }
  process.stderr.write(
    `npm test: installing ${REGISTRY_BINARY} (the OCI registry the publishing tests push to): apt-get update, then apt-get install -y ${REGISTRY_BINARY}\n`,
  );
  if (!aptGet('update', '-qq')) fail(`apt-get update failed (see above), so ${REGISTRY_BINARY} is not installed: ${REGISTRY_INSTALL}.`);
  if (!aptGet('install', '-y', '-qq', '--no-install-recommends', REGISTRY_BINARY))
    fail(`apt-get install ${REGISTRY_BINARY} failed (see above): ${REGISTRY_INSTALL}.`);
  if (!onPath(REGISTRY_BINARY))
    fail(`apt-get installed ${REGISTRY_BINARY}, but it is not on PATH (${process.env.PATH ?? ''}): add its folder to PATH.`);
}
