// Inline SVG charts: no scripts, no external assets. In Arabic time runs right to left, so the
// newest bar sits on the left there and on the right in English.
import type { DailyUptime } from '../components/store.js';
import { LOCALES, formatTime, type Lang } from '../i18n.js';
import { esc } from './html.js';

function uptimeColour(u: number | null): string {
  if (u === null) return 'var(--none)';
  if (u >= 0.999) return 'var(--ok)';
  if (u >= 0.99) return 'var(--minor)';
  if (u >= 0.95) return 'var(--partial)';
  return 'var(--major)';
}

export function uptimeBars(days: DailyUptime[], lang: Lang): string {
  const w = 10;
  const n = days.length;
  const rects = days
    .map((d, i) => {
      const x = (lang === 'ar' ? n - 1 - i : i) * w;
      const date = new Date(d.day).toISOString().slice(0, 10);
      const pct = new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 2 });
      const ms = d.avgLatencyMs === null ? '' : ` · ${Math.round(d.avgLatencyMs)} ${lang === 'ar' ? 'ملي ثانية' : 'ms'}`;
      const label = d.uptime === null ? (lang === 'ar' ? 'لا توجد بيانات' : 'No data') : `${pct.format(d.uptime)}${ms}`;
      return `<rect x="${x + 1}" y="0" width="${w - 2}" height="34" rx="2" fill="${uptimeColour(d.uptime)}" data-day="${esc(date)}"><title>${esc(date)}: ${esc(label)}</title></rect>`;
    })
    .join('');
  return `<svg class="bars days" tabindex="0" viewBox="0 0 ${n * w} 34" preserveAspectRatio="none" role="img" aria-label="${lang === 'ar' ? 'التوفر خلال 90 يومًا' : '90-day uptime'}">${rects}</svg>`;
}

export function reportBars(buckets: { start: number; count: number }[], lang: Lang): string {
  const n = buckets.length;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const w = 4;
  const h = 80;
  const rects = buckets
    .map((b, i) => {
      if (b.count === 0) return '';
      const x = (lang === 'ar' ? n - 1 - i : i) * w;
      const bh = Math.max(2, (b.count / max) * h);
      return `<rect x="${x}" y="${h - bh}" width="${w - 1}" height="${bh}" fill="var(--accent)"><title>${esc(formatTime(b.start, lang))}: ${b.count}</title></rect>`;
    })
    .join('');
  return `<svg class="bars" style="height:6rem" viewBox="0 0 ${n * w} ${h}" preserveAspectRatio="none" role="img" aria-label="${lang === 'ar' ? 'البلاغات كل 5 دقائق خلال 24 ساعة' : 'Reports per 5 minutes over 24 hours'}"><line x1="0" y1="${h - 0.5}" x2="${n * w}" y2="${h - 0.5}" stroke="var(--line)"/>${rects}</svg>`;
}
