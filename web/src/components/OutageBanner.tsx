// Says plainly when the API cannot be reached, links the status page (known from the cached
// instance configuration even now), and how many posts are waiting to be sent. A rate limit is
// not an outage: it is said apart, with when the reader can go on. While it is down, the reader
// can report the problem to the status service with one tap.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useStore } from '../state/store';
import { health, probeNow, statusPageUrl } from '../state/outage';
import { outbox } from '../state/outbox';
import { rateLimitedUntil } from '../state/rate-limit';
import { retryWhen } from '../lib/api-errors';
import { session } from '../auth/session';
import { outageReport, reportOutage } from '../state/outage-report';

export function OutageBanner() {
  const { t, lang } = useI18n();
  const state = useStore(health);
  const limitedUntil = useStore(rateLimitedUntil);
  const url = useStore(statusPageUrl);
  const me = useStore(session);
  const report = useStore(outageReport);
  const queued = useStore(outbox).filter((item) => item.accountId === me?.accountId);
  const [recovered, setRecovered] = useState(false);
  const wasDown = useRef(false);

  useEffect(() => {
    if (state === 'down') wasDown.current = true;
    else if (wasDown.current) {
      wasDown.current = false;
      setRecovered(true);
      const timer = setTimeout(() => setRecovered(false), 4000);
      return () => clearTimeout(timer);
    }
  }, [state]);

  return (
    <div className="outage-region">
      {state === 'down' && (
        <div className="outage" role="alert">
          <strong>{t.outage.title}</strong> <span>{t.outage.detail}</span>{' '}
          {url && (
            <a href={url} target="_blank" rel="noreferrer" className="status-link">
              {t.outage.statusPage}
            </a>
          )}{' '}
          <button type="button" className="secondary" onClick={() => void probeNow()}>
            {t.outage.retry}
          </button>{' '}
          {/* One tap, once per outage (state/outage-report.ts); needs the status service's address. */}
          {url && report !== 'sent' && (
            <button type="button" className="secondary outage-report" disabled={report === 'sending'} onClick={() => void reportOutage()}>
              {report === 'sending' ? t.outageReport.sending : t.outageReport.report}
            </button>
          )}{' '}
          {report === 'sent' && <span className="outage-reported" role="status">{t.outageReport.thanks}</span>}
          {report === 'failed' && <span className="outage-report-failed" role="status">{t.outageReport.failed}</span>}
        </div>
      )}
      {state === 'up' && recovered && <div className="recovered" role="status">{t.outage.back}</div>}
      {state === 'up' && limitedUntil !== null && (
        <div className="rate-limited" role="alert">
          {t.apiErrors.rateLimited(retryWhen(limitedUntil, lang))}
        </div>
      )}
      {queued.length > 0 && (
        <div className="outbox-note" role="status">
          {t.compose.pending(queued.length)}
          <ul>
            {queued.map((item) => (
              <li key={item.key} dir="auto" className="queued-post">
                {item.post.status}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
