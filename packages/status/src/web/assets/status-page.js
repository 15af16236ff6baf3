// The status page's only script (served from /assets/status-page.js; the page works without it).
// It shows times in the reader's own time zone with "x minutes ago", shows a day's uptime details
// on tap or click (hover titles never reach touch screens), and refreshes the page's content in
// place, without a reload. Plain browser JavaScript: no build step, no framework.
(() => {
  'use strict';
  const root = document.documentElement;
  const lang = root.lang === 'ar' ? 'ar' : 'en';
  // The same locales as the server (src/i18n.ts LOCALES): one numeral system per language.
  const locale = lang === 'ar' ? 'ar-u-nu-latn' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const UNITS = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];

  function ago(ms) {
    const seconds = (ms - Date.now()) / 1000;
    for (const [unit, size] of UNITS) {
      if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
    }
    return relative.format(0, 'minute');
  }

  /** Every <time datetime> becomes local time plus "x minutes ago"; the UTC text stays as its tooltip. */
  function localizeTimes() {
    for (const el of document.querySelectorAll('time[datetime]')) {
      const ms = Date.parse(el.getAttribute('datetime'));
      if (Number.isNaN(ms)) continue;
      if (!el.dataset.utc) el.dataset.utc = el.textContent;
      el.title = el.dataset.utc;
      el.textContent = el.hasAttribute('data-no-ago') ? dateTime.format(ms) : `${dateTime.format(ms)} (${ago(ms)})`;
      el.dataset.local = '1';
    }
  }

  // Day details: one line under the bars naming the day and its uptime, for touch, mouse and keyboard.
  function detailFor(svg) {
    let detail = svg.nextElementSibling;
    if (!detail || !detail.classList.contains('day-detail')) {
      detail = document.createElement('p');
      detail.className = 'day-detail';
      detail.setAttribute('role', 'status');
      svg.after(detail);
    }
    return detail;
  }
  function showDay(rect) {
    const svg = rect.closest('svg');
    for (const r of svg.querySelectorAll('rect.selected')) r.classList.remove('selected');
    rect.classList.add('selected');
    const title = rect.querySelector('title');
    detailFor(svg).textContent = title ? title.textContent : rect.dataset.day;
  }
  document.addEventListener('click', (event) => {
    const rect = event.target.closest && event.target.closest('svg.days rect');
    if (rect) showDay(rect);
  });
  document.addEventListener('keydown', (event) => {
    const svg = event.target.closest && event.target.closest('svg.days');
    if (!svg || !['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    // Rects are in time order; on an Arabic (RTL) page the newest is on the left.
    const rects = [...svg.querySelectorAll('rect')];
    const at = rects.findIndex((r) => r.classList.contains('selected'));
    const forward = (event.key === 'ArrowRight') !== (lang === 'ar');
    let next = at < 0 ? rects.length - 1 : at + (forward ? 1 : -1);
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = rects.length - 1;
    showDay(rects[Math.max(0, Math.min(rects.length - 1, next))]);
  });

  // Refresh in place: fetch this same page and swap <main>'s content when it changed. The footer's
  // "updated" time changes on every request, so it is swapped alone and not compared.
  const meta = document.querySelector('meta[name="sirb-refresh-ms"]');
  const every = meta ? Number(meta.content) : 0;
  const contentOf = (main) => {
    const copy = main.cloneNode(true);
    const footer = copy.querySelector('footer');
    if (footer) footer.remove();
    return copy.innerHTML;
  };
  let lastContent = null;
  async function refresh() {
    try {
      const res = await fetch(location.href, { headers: { accept: 'text/html' }, cache: 'no-store' });
      if (!res.ok) return;
      const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('main');
      if (!fresh) return;
      const main = document.querySelector('main');
      // Times are localized on screen, so compare with the server's last text, not the document.
      const content = contentOf(fresh);
      if (content !== lastContent) {
        lastContent = content;
        const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('[data-component]');
        // Keep what the reader folded away folded.
        const folded = [...main.querySelectorAll('details[data-group]:not([open])')].map((g) => g.dataset.group);
        main.innerHTML = fresh.innerHTML;
        for (const id of folded) main.querySelector(`details[data-group="${id}"]`)?.removeAttribute('open');
        if (focused) {
          const again = main.querySelector(`[data-component="${focused.dataset.component}"] svg.days`);
          if (again) again.focus();
        }
        root.dataset.refreshedAt = String(Date.now());
      } else {
        const footer = fresh.querySelector('footer');
        const old = main.querySelector('footer');
        if (footer && old) old.replaceWith(footer);
      }
      localizeTimes();
    } catch {
      // The status service itself may be unreachable for a moment: keep what is shown.
    } finally {
      setTimeout(refresh, every);
    }
  }

  lastContent = contentOf(document.querySelector('main'));
  localizeTimes();
  root.dataset.script = 'ready';
  setInterval(localizeTimes, 30_000);
  if (every > 0) setTimeout(refresh, every);
})();
