import { createHmac, createSecretKey, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { SealedHeader, SealedItem } from '../report/sealed.ts';

/**
 * A plan's seal: a dry run that holds the API token seals what its report says it would delete,
 * so that an apply can tell a plan it wrote from one edited since. The key is derived from the
 * token (HKDF-SHA256); the token itself is never written. The header's MAC covers what decides
 * the deletions and what a reviewer reads of them (environment, scope, criteria and their words,
 * the selection's words, dates, outcome, how many items were sealed), and each item carries its
 * own MAC over all it says (ID, fate, and what its listing showed: filename, size, url, md5,
 * dates, tags), bound to the header's: an item can be taken out of a plan (it is then not
 * deleted), never added or changed, nor moved from another plan.
 */
export interface PlanSeal {
  readonly version: 1;
  readonly algorithm: 'HMAC-SHA256';
  /** A fingerprint of the key (not of the token alone): tells another token's plan from an edited one. */
  readonly keyId: string;
  /** Random: two plans never share a header MAC, so their items cannot be swapped. */
  readonly nonce: string;
  /** How many uploads and tracks the dry run sealed: fewer in the file were taken out. */
  readonly uploads: number;
  readonly tracks: number;
  /** The header's MAC, base64url. */
  readonly mac: string;
}

const SALT = 'datocms-media-cleanup';
const INFO = 'plan seal v1';
/** An item's MAC is cut to 128 bits (RFC 2104 allows half): a 100,000-item plan grows by 2.4 MB, not 4.4. */
const ITEM_MAC_BYTES = 16;

/** Seals and checks plans with the key of one API token. */
export class PlanSealer {
  readonly keyId: string;
  /** Imported once: a 100,000-item plan makes as many MACs. */
  private readonly key: KeyObject;

  constructor(token: string) {
    this.key = createSecretKey(Buffer.from(hkdfSync('sha256', Buffer.from(token, 'utf8'), SALT, INFO, 32)));
    this.keyId = this.mac(['key id']).subarray(0, 8).toString('hex');
  }

  /** The seal of a report's header, for `uploads` and `tracks` items. */
  seal(header: SealedHeader, uploads: number, tracks: number): PlanSeal {
    const nonce = randomBytes(16).toString('base64url');
    const mac = this.headerMac(header, nonce, uploads, tracks).toString('base64url');
    return { version: 1, algorithm: 'HMAC-SHA256', keyId: this.keyId, nonce, uploads, tracks, mac };
  }

  /** The MAC of one item of the plan that `seal` seals, base64url. */
  sealItem(seal: Pick<PlanSeal, 'mac'>, item: SealedItem): string {
    return this.itemMac(seal.mac, item).toString('base64url');
  }

  /** Whether `seal` is this key's seal of `header`. */
  holdsHeader(seal: PlanSeal, header: SealedHeader): boolean {
    return same(seal.mac, this.headerMac(header, seal.nonce, seal.uploads, seal.tracks));
  }

  /** Whether `mac` is this key's MAC of `item` in the plan that `seal` seals. */
  holdsItem(seal: PlanSeal, item: SealedItem, mac: unknown): boolean {
    return typeof mac === 'string' && same(mac, this.itemMac(seal.mac, item));
  }

  private headerMac(header: SealedHeader, nonce: string, uploads: number, tracks: number): Buffer {
    const { startedAt, dryRun, outcome, environment, settings, counts, selection } = header;
    return this.mac([
      'plan',
      nonce,
      uploads,
      tracks,
      startedAt,
      dryRun,
      outcome,
      environment,
      settings.scope,
      settings.criteria,
      counts.unlisted,
      selection,
    ]);
  }

  private itemMac(headerMac: string, item: SealedItem): Buffer {
    return this.mac(['item', headerMac, item]).subarray(0, ITEM_MAC_BYTES);
  }

  private mac(parts: readonly unknown[]): Buffer {
    return createHmac('sha256', this.key).update(canonical(parts), 'utf8').digest();
  }
}

function same(mac: string, expected: Buffer): boolean {
  const given = Buffer.from(mac, 'base64url');
  return given.length === expected.length && given.toString('base64url') === mac && timingSafeEqual(given, expected);
}

/**
 * JSON with every object's keys sorted: the same text for the values a run held and for the
 * same values parsed back from its file, whatever order the file's keys are in. `undefined` is
 * written as `null`, as a report writes a value it has not.
 */
export function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
