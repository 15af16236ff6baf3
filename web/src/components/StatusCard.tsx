// One post. The text's own direction comes from its first strong character (dir="auto"), so an
// English post reads left-to-right inside the Arabic interface and vice versa.
import { lazy, Suspense, useRef, useState } from 'react';
import type { FilterContext, Status } from '../api/types';
import { useI18n } from '../i18n';
import { Link, routeContentClick } from '../lib/router';
import { formatDate } from '../lib/format';
import { RelativeTime } from './RelativeTime';
import { session } from '../auth/session';
import { useStore } from '../state/store';
import { Avatar } from './Avatar';
import { AccountName } from './AccountName';
import { StatusActions } from './StatusActions';
import { Composer } from './Composer';
import { WithName } from './WithName';
import { Icon } from './Icon';
import { MediaGrid } from './MediaGrid';
import { EditedMark } from './posting/EditHistory';
import { QuotedPost, ReplyingTo } from './people/PostContext';
import { LinkCard } from './posting/LinkCard';
// A poll's view loads with the first post that has one: most of home's posts have none.
const PollView = lazy(() => import('./posting/PollView').then((m) => ({ default: m.PollView })));

export interface StatusCardProps {
  status: Status;
  onChange?(status: Status): void;
  onDelete?(id: string): void;
  focused?: boolean;
  /** Where the post is shown: the reader's keyword filters of this context apply to it. */
  filterContext?: FilterContext;
  /** Shown among the pinned posts at the top of a profile: labelled "Pinned". */
  pinned?: boolean;
}

export function threadPath(status: Status): string {
  return `/@${status.account.acct}/${status.id}`;
}

export function StatusCard({ status: outer, onChange, onDelete, focused, filterContext, pinned }: StatusCardProps) {
  const { t, lang } = useI18n();
  const me = useStore(session);
  const [replying, setReplying] = useState(false);
  const [editing, setEditing] = useState(false);
  const status = outer.reblog ?? outer;
  const headingId = `status-${outer.id}-by`;
  const bodyId = `status-${outer.id}-body`;
  // The reader's keyword filters of this context (the server lists them all, as Mastodon does):
  // `warn` folds the post away behind the filter's title, as a content warning does (so does
  // `hide` for a post the server had no reason to leave out, one opened on its own); `blur`
  // only hides its media (Mastodon 4.4).
  const filters = filterContext ? (outer.filtered ?? []).filter((r) => r.filter.context.includes(filterContext)) : [];
  const filteredBy = filters.filter((r) => r.filter.filter_action !== 'blur').map((r) => r.filter.title);
  const blurred = filters.some((r) => r.filter.filter_action === 'blur');
  const hasSpoiler = (status.spoiler_text ?? '').trim() !== '';
  const warned = hasSpoiler || filteredBy.length > 0;
  const [expanded, setExpanded] = useState(false);
  const toggle = (
    <button type="button" className="secondary spoiler-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded((e) => !e)}>
      {expanded ? t.status.showLess : t.status.showMore}
    </button>
  );
  const update = (next: Status) => onChange?.(outer.reblog ? { ...outer, reblog: next } : next);
  const article = useRef<HTMLElement>(null);
  // A reply box closed (Escape, Cancel or sent) gives the focus back to the Reply button that
  // opened it, not to the page's start.
  const closeReply = () => {
    setReplying(false);
    requestAnimationFrame(() => article.current?.querySelector<HTMLButtonElement>('.status-actions > button:first-child')?.focus());
  };
  return (
    <article ref={article} className={focused ? 'status focused' : 'status'} aria-labelledby={headingId} data-status-id={status.id} tabIndex={-1}>
      {pinned && (
        <p className="pinned-note">
          <Icon name="pin" size={14} /> {t.organising.pins.pinned}
        </p>
      )}
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
            <EditedMark status={status} />
            <Link to={threadPath(status)} className="status-time" title={formatDate(status.created_at, lang)}>
              <RelativeTime iso={status.created_at} />
            </Link>
          </header>
          <ReplyingTo status={status} context={filterContext} />
          {filteredBy.length > 0 && (
            <p className="spoiler filter-warning">
              <span className="spoiler-text">
                <WithName template={t.status.filtered} name={filteredBy.join(lang === 'ar' ? '، ' : ', ')} />
              </span>
              {!hasSpoiler && toggle}
            </p>
          )}
          {hasSpoiler && (
            <p className="spoiler">
              <span className="spoiler-text" dir="auto" lang={status.language ?? undefined}>
                {status.spoiler_text}
              </span>
              {toggle}
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
            <QuotedPost status={status} />
            {status.media_attachments.length > 0 && <MediaGrid media={status.media_attachments} sensitive={status.sensitive || warned || blurred} />}
            {status.poll && (
              <Suspense fallback={null}>
                <PollView status={status} poll={status.poll} canVote={!!me && me.accountId !== status.account.id} onChange={update} />
              </Suspense>
            )}
            {status.card && status.media_attachments.length === 0 && !status.poll && <LinkCard card={status.card} />}
          </div>
          {editing && (
            <Composer
              editing={status}
              autoFocus
              onDone={(next) => {
                setEditing(false);
                if (next) update(next);
              }}
              onCancel={() => setEditing(false)}
            />
          )}
          <StatusActions
            status={status}
            mine={me?.accountId === status.account.id}
            onReply={() => setReplying((r) => !r)}
            onChange={update}
            onDelete={() => onDelete?.(outer.id)}
            onEdit={() => setEditing(true)}
          />
          {replying && me && (
            <Composer
              replyTo={status}
              autoFocus
              onDone={() => {
                closeReply();
                update({ ...status, replies_count: status.replies_count + 1 });
              }}
              onCancel={closeReply}
            />
          )}
        </div>
      </div>
    </article>
  );
}
