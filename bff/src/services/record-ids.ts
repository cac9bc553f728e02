// Opaque record ids, with no table behind them: a record's id is its platform settlement id and
// the person it belongs to, sealed under the BFF's RECORD_ID_KEY with AES-256-GCM and written
// URL-safe. Only this BFF opens it: to the phone it says nothing (not the settlement number, not
// whose it is), a tampered id opens to nothing, and the person inside decides who may use it —
// the person, or a guardian with a live link — so an id from one person is 404 for another.
// The nonce is a keyed hash of what is sealed (a synthetic IV): the same record always gets the
// same id (a list and its detail agree, a page's cursor is stable), and no two different
// records ever share a nonce; equal ids only ever say "the same record".
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Version 1 of the sealed text: `1` + person + settlement, separated by a byte neither holds. */
const VERSION = '1';
const SEPARATOR = '\u0000';

export interface RecordRef {
  psnNo: string;
  setlId: string;
}

export interface RecordIds {
  seal(record: RecordRef): string;
  /** The record inside an id this key sealed; undefined for anything else. */
  open(recordId: string): RecordRef | undefined;
}

export function createRecordIds(key: Buffer): RecordIds {
  if (key.length < 32) throw new Error('RECORD_ID_KEY must be at least 32 bytes');
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', key, '', `ybm record id ${purpose}`, 32));
  const sealKey = derive('seal');
  const nonceKey = derive('nonce');

  return {
    seal({ psnNo, setlId }: RecordRef): string {
      const text = Buffer.from([VERSION, psnNo, setlId].join(SEPARATOR), 'utf8');
      const nonce = createHmac('sha256', nonceKey).update(text).digest().subarray(0, NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, nonce);
      const sealed = Buffer.concat([cipher.update(text), cipher.final()]);
      return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url');
    },

    open(recordId: string): RecordRef | undefined {
      if (!/^[A-Za-z0-9_-]+$/.test(recordId)) return undefined;
      const bytes = Buffer.from(recordId, 'base64url');
      if (bytes.length <= NONCE_BYTES + TAG_BYTES || bytes.toString('base64url') !== recordId)
        return undefined;
      const decipher = createDecipheriv('aes-256-gcm', sealKey, bytes.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      let text: string;
      try {
        text = Buffer.concat([
          decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        return undefined; // altered, or sealed under another key
      }
      const [version, psnNo, setlId, ...rest] = text.split(SEPARATOR);
      if (version !== VERSION || !psnNo || !setlId || rest.length > 0) return undefined;
      return { psnNo, setlId };
    },
  };
}
