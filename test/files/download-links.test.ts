import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDownloadLinks } from '../../src/files/download-links.ts';
import { createSilentLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { Secret } from '../../src/util/secret.ts';

const clock = createManualClock('2026-10-12T10:00:00Z');
let store: Store;
let base = '';
const server = createServer((req, res) => void links.serve(req, res));
let links: ReturnType<typeof createDownloadLinks>;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://', log: createSilentLogger() });
  links = createDownloadLinks({ files: store.exportFiles, secret: new Secret('k'.repeat(40)), clock, baseUrl: () => base, ttlMs: 60_000 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 120_000);
afterAll(async () => {
  server.close();
  await store.close();
});

describe('signed download links (GET /files/{token})', () => {
  it('serves the file until the link expires, then refuses it', async () => {
    const ref = await links.save({ name: 'audit-2026-10.csv', content: 'a,b\r\n1,2\r\n', rows: 1 });
    expect(ref.url.startsWith(`${base}files/`)).toBe(true);
    const ok = await fetch(ref.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await ok.text()).toBe('a,b\r\n1,2\r\n');
    expect(await links.read(ref.fileId)).toEqual({ name: 'audit-2026-10.csv', content: 'a,b\r\n1,2\r\n' });
    clock.advance(61_000);
    const expired = await fetch(ref.url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toMatch(/expired/);
    expect(await links.read(ref.fileId)).toBeUndefined();
  });

  it('refuses a link signed with another key, or for another file', async () => {
    const ref = await links.save({ name: 'x.csv', content: 'x\r\n', rows: 0 });
    const other = createDownloadLinks({ files: store.exportFiles, secret: new Secret('o'.repeat(40)), clock, baseUrl: () => base });
    const forged = await other.save({ name: 'y.csv', content: 'y\r\n', rows: 0 });
    expect((await fetch(forged.url.replace(/^http:\/\/[^/]+\//, base))).status).toBe(403);
    const signature = ref.url.slice(ref.url.lastIndexOf('.') + 1);
    expect((await fetch(`${base}files/${forged.fileId}.${ref.url.split('.').at(-2) ?? ''}.${signature}`)).status).toBe(403);
    expect((await fetch(`${base}files/../etc/passwd`)).status).toBe(403);
  });

  it('refuses every other spelling of a signature, even one that decodes to the same bytes', async () => {
    const ref = await links.save({ name: 'z.csv', content: 'z\r\n', rows: 0 });
    const last = ref.url.at(-1) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last of 43 characters holds 4 bits of the signature and 2 unused ones.
    const sameBits = [...alphabet].filter((c) => c !== last && alphabet.indexOf(c) >> 2 === alphabet.indexOf(last) >> 2);
    expect(sameBits).toHaveLength(3);
    for (const c of sameBits) expect((await fetch(ref.url.slice(0, -1) + c)).status).toBe(403);
    expect((await fetch(ref.url)).status).toBe(200);
  });
});
