// Where a report comes from: the region the reporter chose, else what a CDN in front of us says
// (Cloudflare's CF-IPCountry, or a generic X-Country), else the region in their browser's
// language (ar-SA → SA), else ZZ ("unknown"). No IP geolocation database: nothing to keep fresh.
import { isRegionCode } from '../i18n.js';

export function normaliseRegion(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  return isRegionCode(code) ? code : undefined;
}

export function regionFromRequest(headers: Record<string, string | string[] | undefined>): string {
  for (const name of ['cf-ipcountry', 'x-country']) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    // Cloudflare says XX for unknown and T1 for Tor: neither is a region.
    const code = value ? normaliseRegion(value) : undefined;
    if (code) return code;
  }
  const lang = headers['accept-language'];
  const text = Array.isArray(lang) ? lang.join(',') : (lang ?? '');
  for (const part of text.split(',')) {
    const tag = part.split(';')[0]!.trim();
    const match = /^[a-zA-Z]{2,3}(?:-[a-zA-Z]{4})?-([a-zA-Z]{2})\b/.exec(tag);
    const code = match ? normaliseRegion(match[1]!) : undefined;
    if (code) return code;
  }
  return 'ZZ';
}
