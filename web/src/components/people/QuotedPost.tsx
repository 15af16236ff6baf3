// A post whose text links to another post of this server shows that post embedded: a minimal
// quote (author, text, link to its thread), never a quote inside a quote.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { Link, routeContentClick } from '../../lib/router';
import { AccountName } from '../AccountName';

/**
 * The id of a post of this server the text links to (its URL, /@name/id or /statuses/id), if
 * any. Read from the links' targets (their text is shortened) and from the text (a client's post
 * may carry a bare address that its server did not link).
 */
export function quotedId(status: Status): string | null {
  if (!status.url || status.reblog) return null;
  const origins = [...new Set([new URL(status.url).origin, location.origin])].map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const doc = new DOMParser().parseFromString(status.content, 'text/html');
  const hrefs = [...doc.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '');
  const text = `${hrefs.join(' ')} ${doc.body.textContent ?? ''}`;
  const found = new RegExp(`(?:${origins.join('|')})/(?:@[^/\\s]+|statuses)/(\\d+)`).exec(text);
  return found && found[1] !== status.id ? found[1] : null;
}

export default function QuotedPost({ status }: { status: Status }) {
  const { t } = useI18n();
  const id = useMemo(() => (status.content.includes('://') ? quotedId(status) : null), [status]);
  const [quoted, setQuoted] = useState<Status | null>(null);
  useEffect(() => {
    if (id) api<Status>(`/api/v1/statuses/${id}`).then(setQuoted, () => setQuoted(null));
  }, [id]);
  if (!id || !quoted) return null;
  return (
    <aside className="quoted-post" aria-label={t.people.thread.quoted}>
      <AccountName account={quoted.account} />
      <div className="status-content" dir="auto" lang={quoted.language ?? undefined} onClick={routeContentClick} dangerouslySetInnerHTML={{ __html: quoted.content }} />
      <Link to={`/@${quoted.account.acct}/${quoted.id}`} className="muted">
        {t.status.openThread}
      </Link>
    </aside>
  );
}
