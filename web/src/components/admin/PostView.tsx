// A post as a moderator reads it: who, when, the warning and the text shown at once (a moderator
// has to see what was reported), media as small links, no reply/like buttons.
import type { Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { AccountName } from '../AccountName';
import { Avatar } from '../Avatar';

export function PostView({ status, highlight, label }: { status: Status; highlight?: boolean; label?: string }) {
  const { lang } = useI18n();
  return (
    <article className={highlight ? 'admin-post reported' : 'admin-post'} data-status-id={status.id}>
      <header className="admin-post-head">
        <Avatar account={status.account} size={32} />
        <AccountName account={status.account} />
        <time dateTime={status.created_at} className="muted">
          {formatDate(status.created_at, lang)}
        </time>
        {label && <strong className="admin-badge danger-badge">{label}</strong>}
      </header>
      {status.spoiler_text && (
        <p className="spoiler-text" dir="auto" lang={status.language ?? undefined}>
          {status.spoiler_text}
        </p>
      )}
      <div className="status-content" dir="auto" lang={status.language ?? undefined} dangerouslySetInnerHTML={{ __html: status.content }} />
      {status.media_attachments.length > 0 && (
        <ul className="admin-media">
          {status.media_attachments.map((m) => (
            <li key={m.id}>
              <a href={m.url ?? '#'} target="_blank" rel="noreferrer">
                <img src={m.preview_url ?? m.url ?? ''} alt={m.description ?? ''} width={64} height={64} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
