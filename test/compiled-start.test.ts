import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentBuild, sourceStamp, stampFile } from '../src/start-cli.mjs';
import { build, cliArgsWithDist } from './helpers/cli-runtime.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the source stamp that tells a current build from an outdated one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stamp-'));
  const src = join(dir, 'src');
  const dist = join(dir, 'dist');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a build current only while the sources are as they were built', () => {
    mkdirSync(join(src, 'store'), { recursive: true });
    mkdirSync(dist);
    writeFileSync(join(src, 'cli.ts'), 'export const a = 1;\n');
    writeFileSync(join(src, 'store', '0001.sql'), 'create table t (id int);\n');
    expect(currentBuild(dist, src)).toBeUndefined(); // no stamp yet: never built
    writeFileSync(join(dist, stampFile), `${sourceStamp(src)}\n`);
    expect(currentBuild(dist, src)).toBe(join(dist, 'cli.js'));
    writeFileSync(join(src, 'cli.ts'), 'export const a = 2;\n');
    expect(currentBuild(dist, src)).toBeUndefined(); // an edited file
    writeFileSync(join(src, 'cli.ts'), 'export const a = 1;\n');
    expect(currentBuild(dist, src)).toBe(join(dist, 'cli.js'));
    writeFileSync(join(src, 'store', '0002.sql'), 'alter table t add x int;\n');
    expect(currentBuild(dist, src)).toBeUndefined(); // a new migration
  });
});

/**
 * `npm run build` into a directory beside `dist/` (same depth, so the paths to `cards/` and
 * `manifests/` hold), then the CLI run from it as `bin.mjs` runs a current `dist/`.
 */
describe('the compiled build', () => {
  const outDir = join(root, `.dist-test-${process.pid}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'compiled-start-'));
  beforeAll(() => build(outDir), 300_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is stamped with the sources it was built from and holds their assets', () => {
    expect(readFileSync(join(outDir, stampFile), 'utf8').trim()).toBe(sourceStamp());
    expect(currentBuild(outDir)).toBe(join(outDir, 'cli.js'));
    for (const asset of ['store/migrations/0001-initial.sql', 'store/pglite-initdb.mjs', 'console/public/index.html', 'sandbox/seed/microsoft-skus.csv']) expect(existsSync(join(outDir, asset)), asset).toBe(true);
    expect(readFileSync(join(outDir, 'cli.js'), 'utf8')).not.toMatch(/from ['"]\.{1,2}\/[^'"]+\.ts['"]/);
  });

  it('runs the CLI: help, the Slack manifest (a file outside dist/), and migrate on a new embedded database', async () => {
    const cli = cliArgsWithDist(outDir);
    const help = await run([...cli, 'help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npx pax8-chatops <command>');
    const manifest = await run([...cli, 'slack-manifest', '--url', 'https://bot.msp.example', '--json']);
    expect(manifest.code, manifest.stderr).toBe(0);
    expect(manifest.stdout).toContain('https://bot.msp.example/slack/events');
    const migrate = await run([...cli, 'migrate'], { DATA_DIR: join(dataDir, 'data'), CONFIG_FILE: '', LOG_LEVEL: 'info' });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('database migrated');
    expect(migrate.stdout).toContain('0001-initial');
    expect(existsSync(join(dataDir, 'data', 'PG_VERSION'))).toBe(true);
  }, 240_000);
});
