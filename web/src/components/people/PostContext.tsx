// What a post in a timeline says about its place in a conversation: "Replying to @name" above a
// reply, and a post whose text links to another post of this server shows that post embedded
// (QuotedPost, loaded only when a post's text has what looks like a post's address).
import { lazy, Suspense } from 'react';
import type { FilterContext, Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { Link } from '../../lib/router';
import { WithName } from '../WithName';

export function ReplyingTo({ status, context }: { status: Status; context?: FilterContext }) {
  const { t } = useI18n();
  const th = t.people.thread;
  // A thread page draws its replies with connectors instead.
  if (!status.in_reply_to_id || context === 'thread') return null;
  const to = status.in_reply_to_account_id;
  const mentioned = status.mentions.find((m) => m.id === to);
  return (
    <p className="replying-to-note">
      {to === status.account.id ? (
        <Link to={`/statuses/${status.in_reply_to_id}`}>{th.continued}</Link>
      ) : mentioned ? (
        <Link to={`/@${mentioned.acct}`}>
          <WithName template={th.replyingTo} name={`@${mentioned.acct}`} />
        </Link>
      ) : (
        <Link to={`/statuses/${status.in_reply_to_id}`}>{th.replyingToPost}</Link>
      )}
    </p>
  );
}

const QuotedPostView = lazy(() => import('../../pages/people/lazy').then((m) => ({ default: m.QuotedPost })));
/** A post's address ends in its id, at least 6 digits (Snowflake-like ids are 15 or more). */
const MAYBE_POST_URL = /\/\d{6,}/;

export function QuotedPost({ status }: { status: Status }) {
  if (!MAYBE_POST_URL.test(status.content) || status.reblog) return null;
  return (
    <Suspense fallback={null}>
      <QuotedPostView status={status} />
    </Suspense>
  );
}
