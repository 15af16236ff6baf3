import crypto from 'node:crypto';

// Statuspage-style opaque ids: 12 lowercase base-36 characters.
export function newId(): string {
  const bytes = crypto.randomBytes(12);
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}
