// Probe agents sign what they push: HMAC-SHA256 with the agent's own secret over the timestamp and
// the exact body bytes, so a result can be neither forged, altered, nor replayed later (the
// timestamp must be recent, and newer than the agent's last accepted push).
import crypto from 'node:crypto';

export const AGENT_HEADER = 'x-sirb-agent';
export const TIMESTAMP_HEADER = 'x-sirb-timestamp';
export const SIGNATURE_HEADER = 'x-sirb-signature';

/** `sha256=` + hex HMAC of `${timestamp}.${body}`. */
export function signAgentPush(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function verifyAgentPush(secret: string, timestamp: number, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signAgentPush(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
