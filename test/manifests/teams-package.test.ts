import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import ajvDraft04 from 'ajv-draft-04';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildTeamsManifest, buildTeamsPackage } from '../../src/manifests/build-teams-package.ts';
import { writeTeamsPackage } from '../../src/manifests/write-teams-package.ts';

const botId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const schema = JSON.parse(readFileSync(new URL('../reference/schemas/teams-manifest-1.29.schema.json', import.meta.url), 'utf8')) as object;
// ajv-draft-04 is CommonJS: under NodeNext its default import is the module, whose `default` is the class.
const validate = new ajvDraft04.default({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

/** Width, height and colour type from a PNG's IHDR chunk, plus the decoded RGBA pixels' alpha values. */
function pngInfo(bytes: Uint8Array): { width: number; height: number; colorType: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20), colorType: bytes[25] ?? -1 };
}

/** RGBA pixels of an 8-bit RGBA, non-interlaced PNG (enough to check the icons we ship). */
function rgbaPixels(bytes: Uint8Array): number[][] {
  const { width, height } = pngInfo(bytes);
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + at).getUint32(0);
    if (new TextDecoder().decode(bytes.subarray(at + 4, at + 8)) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (out[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (out[(y - 1) * stride + x - 4] ?? 0) : 0;
      const paeth = [left, up, upLeft].sort((a, b) => Math.abs(left + up - upLeft - a) - Math.abs(left + up - upLeft - b))[0] ?? 0;
      const predictor = [0, left, up, Math.floor((left + up) / 2), paeth][filter] ?? 0;
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return Array.from({ length: width * height }, (_, i) => [...out.subarray(i * 4, i * 4 + 4)]);
}

describe('Teams app manifest', () => {
  it('the validator refuses a manifest with a wrong bot id', () => {
    const manifest = buildTeamsManifest({ botId, version: '1.0.0' });
    expect(validate({ ...manifest, bots: [{ botId: 'not-a-guid', scopes: ['team'] }] })).toBe(false);
  });

  it('validates against the official 1.29 schema once the bot id is filled in', () => {
    const manifest = buildTeamsManifest({ botId, version: '1.2.3', publicUrl: 'https://bot.msp.example/x' });
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    expect(manifest).toMatchObject({ manifestVersion: '1.29', id: botId, version: '1.2.3', validDomains: ['bot.msp.example'], bots: [{ botId, scopes: ['personal', 'team', 'groupChat'] }] });
  });

  it('offers commands in the compose box for every scope', () => {
    const manifest = buildTeamsManifest({ botId, version: '1.0.0' }) as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] };
    const lists = manifest.bots[0]?.commandLists ?? [];
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) expect(list.commands.map((c) => c.title)).toEqual(expect.arrayContaining(['help', 'buy', 'seats', 'cancel']));
  });

  it.each([
    [undefined, 'Set MicrosoftAppId'],
    ['my-bot', 'must be a GUID'],
  ])('refuses bot id %j with a message that says what to do', (id, message) => {
    expect(() => buildTeamsManifest({ botId: id, version: '1.0.0' })).toThrow(message);
  });
});

describe('Teams app package', () => {
  it('holds exactly the manifest and the two icons Teams requires, at the root', () => {
    const files = unzipSync(buildTeamsPackage({ botId, version: '1.0.0' }));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { bots: { botId: string }[] };
    expect(manifest.bots[0]?.botId).toBe(botId);
    expect(pngInfo(files['color.png'] ?? new Uint8Array())).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(files['outline.png'] ?? new Uint8Array())).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('has an outline icon that is white on a transparent background, as Teams requires', () => {
    const pixels = rgbaPixels(readFileSync(new URL('../../manifests/teams/outline.png', import.meta.url)));
    const visible = pixels.filter(([, , , alpha]) => alpha !== 0);
    expect(visible.length).toBeGreaterThan(0);
    expect(pixels.length - visible.length).toBeGreaterThan(0);
    expect(visible.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
  });

  it('is written where --out says, with the version from package.json', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'app.zip');
    const message = writeTeamsPackage(['--out', out], { appId: botId, publicUrl: undefined });
    expect(message).toContain(out);
    const files = unzipSync(readFileSync(out));
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(JSON.parse(new TextDecoder().decode(files['manifest.json']))).toMatchObject({ version: pkg.version });
  });
});
