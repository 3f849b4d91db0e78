// Secrets at rest (the Zalo token pair): AES-256-GCM with a key derived from PLANBOT_SECRET_KEY.
// A stored value reads "enc:v1:<iv>:<tag>:<ciphertext>" (base64url); anything else is a value
// stored before a key was set, read as it is and encrypted at its next write.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const PREFIX = 'enc:v1:';
/** Fixed: the key's secrecy is the passphrase's; the salt only keeps this key apart from other uses of it. */
const SALT = 'planbot-token-cipher-v1';

export class TokenCipherError extends Error {}

export interface TokenCipher {
  /** True when values are encrypted (a key is set). */
  readonly encrypts: boolean;
  seal(value: string | null): string | null;
  open(stored: string | null): string | null;
}

export function tokenCipher(secret: string | null | undefined): TokenCipher {
  const key = secret ? scryptSync(secret, SALT, 32) : null;
  return {
    encrypts: key !== null,
    seal(value) {
      if (value === null || !key) return value;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(value, 'utf8'), c.final()]);
      return `${PREFIX}${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
    },
    open(stored) {
      if (stored === null || !stored.startsWith(PREFIX)) return stored;
      if (!key) throw new TokenCipherError('the stored Zalo tokens are encrypted: set PLANBOT_SECRET_KEY to the key they were stored with');
      const [iv, tag, body] = stored.slice(PREFIX.length).split(':');
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
      } catch {
        throw new TokenCipherError('the stored Zalo tokens do not open with PLANBOT_SECRET_KEY (a different key?)');
      }
    },
  };
}
