#!/usr/bin/env node
// Runs every published package's README example the way a user gets it: the package (and the @digitkit packages
// it depends on) packed with `pnpm pack`, installed with npm into an empty project using exactly the README's
// `npm install …` line, and the example's TypeScript run with tsx. Usage: node run-readme-examples.mjs [name…]
// (names without the @digitkit/ scope; default: every package whose README has a `## Example` section).
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const EXAMPLE_TIMEOUT_MS = 10 * 60_000;

/** The `## Example` section of a README: its first `npm install` line and first ```ts block. */
export function extractExample(markdown) {
  const sections = markdown.split(/^## /m);
  const example = sections.find((section) => /^Example\b/.test(section));
  if (example === undefined) return undefined;
  const blocks = [...example.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)].map(([, lang, body]) => ({ lang, body }));
  const code = blocks.find((block) => block.lang === 'ts' || block.lang === 'typescript');
  const installIn = (text) =>
    [...text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)]
      .flatMap(([, body]) => body.split('\n'))
      .map((line) => line.trim())
      .find((line) => line.startsWith('npm install '));
  const install = installIn(example) ?? installIn(markdown);
  return { code: code?.body, install };
}

async function publishedPackages() {
  const names = await readdir(join(root, 'packages'));
  const found = [];
  for (const folder of names.sort()) {
    const manifest = JSON.parse(await readFile(join(root, 'packages', folder, 'package.json'), 'utf8').catch(() => '{}'));
    if (manifest.name?.startsWith('@digitkit/') && manifest.private !== true) found.push({ folder, name: manifest.name });
  }
  return found;
}

async function packAll(packages, destination) {
  const tarballs = new Map();
  for (const { folder, name } of packages) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', destination], { cwd: join(root, 'packages', folder) });
    const file = stdout.trim().split('\n').pop().trim();
    tarballs.set(name, file.startsWith('/') ? file : join(destination, file.split('/').pop()));
  }
  return tarballs;
}

async function runOne(pkg, tarballs, workRoot) {
  const readme = await readFile(join(root, 'packages', pkg.folder, 'README.md'), 'utf8');
  const example = extractExample(readme);
  if (example === undefined) return { ...pkg, ok: false, problem: 'README has no "## Example" section' };
  if (example.code === undefined) return { ...pkg, ok: false, problem: 'the Example section has no ```ts block' };
  if (example.install === undefined) return { ...pkg, ok: false, problem: 'README has no `npm install …` line in a ```sh block' };
  const specs = example.install.replace(/^npm install\s+/, '').split(/\s+/).filter((word) => word && !word.startsWith('-'));
  if (!specs.includes(pkg.name)) {
    return { ...pkg, ok: false, problem: `the install line does not install ${pkg.name}: ${example.install}` };
  }
  const project = join(workRoot, pkg.folder);
  await mkdir(project, { recursive: true });
  // Transitive @digitkit dependencies come from the tarballs too (they are not on the registry); direct ones are
  // named on the install line, where npm forbids an override.
  const overrides = Object.fromEntries(
    [...tarballs].filter(([name]) => !specs.includes(name)).map(([name, file]) => [name, `file:${file}`]),
  );
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: `readme-example-${pkg.folder}`, private: true, type: 'module', overrides }, null, 2),
  );
  const installSpecs = specs.map((spec) => (tarballs.has(spec) ? `${spec}@file:${tarballs.get(spec)}` : spec));
  try {
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...installSpecs], {
      cwd: project,
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    return { ...pkg, ok: false, problem: `npm install failed: ${String(error.stderr ?? error.message).trim().slice(-2000)}` };
  }
  const { stdout: du } = await run('du', ['-sh', 'node_modules'], { cwd: project });
  await writeFile(join(project, 'example.ts'), example.code);
  const started = Date.now();
  try {
    const { stdout } = await run(tsx, ['example.ts'], { cwd: project, timeout: EXAMPLE_TIMEOUT_MS, maxBuffer: 64 << 20 });
    return { ...pkg, ok: true, size: du.split('\t')[0], seconds: (Date.now() - started) / 1000, output: stdout.trim() };
  } catch (error) {
    const output = `${error.stdout ?? ''}\n${error.stderr ?? ''}`.trim().slice(-3000);
    return { ...pkg, ok: false, size: du.split('\t')[0], problem: `the example failed (exit ${error.code}): ${output}` };
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  const all = await publishedPackages();
  const workRoot = await mkdtemp(join(tmpdir(), 'digitkit-readme-'));
  try {
    const tarballs = await packAll(all, join(workRoot, 'tarballs'));
    const selected = all.filter(({ folder }) => wanted.length === 0 || wanted.includes(folder));
    const results = [];
    // Two at a time: the machines have two cores, and npm install mostly waits on the network.
    for (let i = 0; i < selected.length; i += 2) {
      results.push(...(await Promise.all(selected.slice(i, i + 2).map((pkg) => runOne(pkg, tarballs, workRoot)))));
    }
    for (const result of results) {
      const status = result.ok ? `ok   ${result.seconds.toFixed(1)} s` : 'FAIL';
      console.log(`${status.padEnd(12)} ${result.name.padEnd(30)} node_modules ${result.size ?? '-'}`);
      if (!result.ok) console.log(`    ${result.problem.replaceAll('\n', '\n    ')}`);
    }
    const failed = results.filter((result) => !result.ok);
    if (failed.length > 0) {
      console.error(`${failed.length} of ${results.length} README examples failed`);
      process.exitCode = 1;
    } else {
      console.log(`all ${results.length} README examples ran as written from packed tarballs`);
    }
  } finally {
    await rm(workRoot, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
