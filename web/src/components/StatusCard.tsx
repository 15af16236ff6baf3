// One post. The text's own direction comes from its first strong character (dir="auto"), so an
// English post reads left-to-right inside the Arabic interface and vice versa.
import { useState } from 'react';
import type { Status } from '../api/types';
import { useI18n } from '../i18n';
import { Link, routeContentClick } from '../lib/router';
import { formatDate, relativeTime } from '../lib/format';
import { session } from '../auth/session';
import { useStore } from '../state/store';
import { Avatar } from './Avatar';
import { AccountName } from './AccountName';
import { StatusActions } from './StatusActions';
import { Composer } from './Composer';
import { WithName } from './WithName';
import { Icon } from './Icon';
import { MediaGrid } from './MediaGrid';

export interface StatusCardProps {
  status: Status;
  onChange?(status: Status): void;
  onDelete?(id: string): void;
  focused?: boolean;
}

export function threadPath(status: Status): string {
  return `/@${status.account.acct}/${status.id}`;
}

export function StatusCard({ status: outer, onChange, onDelete, focused }: StatusCardProps) {
  const { t, lang } = useI18n();
  const me = useStore(session);
  const [replying, setReplying] = useState(false);
  const status = outer.reblog ?? outer;
  const headingId = `status-${outer.id}-by`;
  const bodyId = `status-${outer.id}-body`;
  const warned = (status.spoiler_text ?? '').trim() !== '';
  const [expanded, setExpanded] = useState(false);
  const update = (next: Status) => onChange?.(outer.reblog ? { ...outer, reblog: next } : next);
  return (
    <article className={focused ? 'status focused' : 'status'} aria-labelledby={headingId} data-status-id={status.id} tabIndex={-1}>
      {outer.reblog && (
        <p className="reblog-note">
          <Icon name="repost" size={14} /> <WithName template={t.status.repostedBy} name={outer.account.display_name || outer.account.username} />
        </p>
      )}
      <div className="status-body">
        <Avatar account={status.account} />
        <div className="status-main">
          <header className="status-head" id={headingId}>
            <AccountName account={status.account} />
            <Link to={threadPath(status)} className="status-time" title={formatDate(status.created_at, lang)}>
              <time dateTime={status.created_at}>{relativeTime(status.created_at, t)}</time>
            </Link>
          </header>
          {warned && (
            <p className="spoiler">
              <span className="spoiler-text" dir="auto" lang={status.language ?? undefined}>
                {status.spoiler_text}
              </span>
              <button type="button" className="secondary spoiler-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded((e) => !e)}>
                {expanded ? t.status.showLess : t.status.showMore}
              </button>
            </p>
          )}
          {/* Behind a content warning the text and the media are folded away together. */}
          <div id={bodyId} hidden={warned && !expanded}>
            <div
              className="status-content"
              dir="auto"
              lang={status.language ?? undefined}
              onClick={routeContentClick}
              dangerouslySetInnerHTML={{ __html: status.content }}
            />
            {status.media_attachments.length > 0 && <MediaGrid media={status.media_attachments} sensitive={status.sensitive || warned} />}
          </div>
          <StatusActions
            status={status}
            mine={me?.accountId === status.account.id}
            onReply={() => setReplying((r) => !r)}
            onChange={update}
            onDelete={() => onDelete?.(outer.id)}
          />
          {replying && me && (
            <Composer
              replyTo={status}
              autoFocus
              onDone={() => {
                setReplying(false);
                update({ ...status, replies_count: status.replies_count + 1 });
              }}
              onCancel={() => setReplying(false)}
            />
          )}
        </div>
      </div>
    </article>
  );
}
