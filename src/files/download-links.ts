import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';
import { Secret } from '../util/secret.ts';
import type { DownloadRef } from '../views/index.ts';

/** Where download links are served: `GET /files/{token}`. */
export const filesPath = '/files';

/** How long a download link works: long enough to click, short enough that a forwarded link dies. */
export const downloadLinkTtlMs = 60 * 60 * 1000;

/** CSV exports kept for download, and the signed links to them. */
export interface DownloadLinks {
  /** Keeps the file in the store (every replica can serve it) and signs a link that expires. */
  save(file: { readonly name: string; readonly content: string; readonly rows: number }): Promise<DownloadRef>;
  /** The file, while it has not expired (the Slack upload reads it by id). */
  read(fileId: string): Promise<{ readonly name: string; readonly content: string } | undefined>;
  /** Serves `GET /files/{token}`: the file for a valid, unexpired signature; 403 or 410 otherwise. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface DownloadLinkOptions {
  readonly files: Store['exportFiles'];
  readonly secret: Secret;
  readonly clock: Clock;
  /** The bot's public address (`PUBLIC_URL`, else where it listens). */
  readonly baseUrl: () => string;
  readonly ttlMs?: number;
}

const sign = (secret: Secret, payload: string): Buffer => createHmac('sha256', secret.reveal()).update(payload).digest();

/**
 * Signed, expiring download links: the token is `<file id>.<expiry, epoch seconds>.<HMAC-SHA256 of
 * both>`; the id is a random UUID, so a link can be neither guessed nor altered nor kept alive past
 * its expiry. The file itself lives in the store, which replicas share.
 */
export function createDownloadLinks(options: DownloadLinkOptions): DownloadLinks {
  const ttlMs = options.ttlMs ?? downloadLinkTtlMs;
  const answer = (res: ServerResponse, status: number, text: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`${text}\n`);
  };
  return {
    async save(file) {
      const now = options.clock.now();
      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + ttlMs);
      await options.files.deleteExpired(now);
      await options.files.put({ id, name: file.name, content: file.content, rows: file.rows, createdAt: now, expiresAt });
      const expiry = Math.floor(expiresAt.getTime() / 1000);
      const token = `${id}.${expiry}.${sign(options.secret, `${id}.${expiry}`).toString('base64url')}`;
      return { fileId: id, name: file.name, url: `${options.baseUrl().replace(/\/$/, '')}${filesPath}/${token}`, rows: file.rows, expiresAt: expiresAt.toISOString() };
    },
    async read(fileId) {
      const file = await options.files.get(fileId, options.clock.now());
      return file && { name: file.name, content: file.content };
    },
    async serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'Only GET is served here.');
      const token = new URL(req.url ?? '/', 'http://bot').pathname.slice(filesPath.length + 1);
      const match = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
      // Compared as text: base64url's last character carries two unused bits, so decoding would
      // accept four spellings of one signature, and an altered link would still work.
      const given = match ? Buffer.from(match[3] ?? '') : undefined;
      const expected = match ? Buffer.from(sign(options.secret, `${match[1]}.${match[2]}`).toString('base64url')) : undefined;
      if (!match || !given || !expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return answer(res, 403, 'This download link is not valid. Ask the bot again for a new one.');
      }
      const now = options.clock.now();
      if (Number(match[2]) * 1000 <= now.getTime()) return answer(res, 410, 'This download link has expired. Run the command again for a new one.');
      const file = await options.files.get(match[1] ?? '', now);
      if (!file) return answer(res, 410, 'This file is no longer kept. Run the command again for a new one.');
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : file.content);
    },
  };
}

/**
 * The key that signs download links: `FILES_SIGNING_SECRET` when set (replicas must share it), else
 * one generated on first start and kept in `DATA_DIR` (readable by the bot's user only).
 */
export function filesSigningSecret(given: Secret | undefined, dataDir: string): Secret {
  if (given) return given;
  const path = `${dataDir.replace(/\/$/, '')}/files-signing-secret`;
  if (existsSync(path)) return new Secret(readFileSync(path, 'utf8').trim());
  mkdirSync(dirname(path), { recursive: true });
  const value = randomBytes(32).toString('hex');
  try {
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    // Another process sharing DATA_DIR wrote it first: use theirs.
    return new Secret(readFileSync(path, 'utf8').trim());
  }
  return new Secret(value);
}
