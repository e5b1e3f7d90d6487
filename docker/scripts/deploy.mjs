#!/usr/bin/env node
// Lays out a runnable copy of some workspaces for an image's final stage, inside the builder:
//
//   node docker/scripts/deploy.mjs <outDir> <workspace folder>...
//
// The root manifest keeps only the named workspaces (no dev dependencies, no scripts), the lockfile
// comes along so every package keeps its locked version, and each workspace brings its manifest,
// its compiled dist/src and its bin/ (if any) and dist/dashboard (if built). `npm install
// --omit=dev` then installs just what those workspaces need at run time. (`npm ci --omit=dev
// --workspace ...` on the full root still installs the workspaces' dev dependencies.)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import console from 'node:console';
import { argv, cwd, exit } from 'node:process';

/** What of a built workspace the runtime needs, relative to its folder. */
const RUNTIME_PARTS = ['package.json', 'bin', join('dist', 'src'), join('dist', 'dashboard')];

const [outArg, ...workspaces] = argv.slice(2);
if (outArg === undefined || workspaces.length === 0) {
  console.error('usage: deploy.mjs <outDir> <workspace folder>...');
  exit(2);
}
const root = cwd();
const out = resolve(outArg);
mkdirSync(out, { recursive: true });

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
manifest.workspaces = workspaces;
delete manifest.devDependencies;
delete manifest.dependencies;
delete manifest.scripts;
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
cpSync(join(root, 'package-lock.json'), join(out, 'package-lock.json'));
for (const workspace of workspaces) {
  for (const part of RUNTIME_PARTS) {
    const from = join(root, workspace, part);
    if (existsSync(from)) cpSync(from, join(out, workspace, part), { recursive: true });
  }
}
execFileSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: out,
  stdio: 'inherit',
});
