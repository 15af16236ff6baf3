// One grouped notification: the faces of the first few people, one sentence ("layla and 3 others
// liked your post", in the reader's language and plural form), and the post it is about.
import type { Account, Status } from '../../api/types';
import type { NotificationGroup } from '../../api/people';
import { useI18n } from '../../i18n';
import { Avatar } from '../Avatar';
import { WithName } from '../WithName';
import { StatusCard } from '../StatusCard';
import { RelativeTime } from '../RelativeTime';
import { Link } from '../../lib/router';
import { displayName } from '../../lib/format';

const FACES = 6;

export function NotificationGroupView({ group, accounts, status }: { group: NotificationGroup; accounts: Account[]; status?: Status }) {
  const { t } = useI18n();
  const first = accounts[0];
  if (!first) return null;
  const grouped = (t.people.notifications as unknown as Record<string, (name: string, others: string) => string>)[group.type];
  const others = t.people.notifications.others(Math.max(0, group.notifications_count - 1));
  const single = (t.notifications as unknown as Record<string, (s: string) => string>)[group.type] ?? t.notifications.other;
  const template = grouped ? (name: string) => grouped(name, others) : single;
  const at = group.latest_page_notification_at;
  return (
    <li className={`notification ${group.type}`} data-group-key={group.group_key} data-count={group.notifications_count}>
      {accounts.length > 1 && (
        <ul className="notification-faces" aria-hidden="true">
          {accounts.slice(0, FACES).map((a) => (
            <li key={a.id}>
              <Avatar account={a} size={32} />
            </li>
          ))}
        </ul>
      )}
      <p className="notification-line">
        {accounts.length === 1 && <Avatar account={first} size={32} />}
        <Link to={`/@${first.acct}`}>
          <WithName template={template} name={displayName(first)} />
        </Link>{' '}
        {at && <RelativeTime className="muted" iso={at} />}
        {group.type === 'follow_request' && (
          <Link to="/settings/follow_requests" className="button secondary follow-requests-link">
            {t.safety.followRequests.title}
          </Link>
        )}
      </p>
      {status && <StatusCard status={status} filterContext="notifications" />}
    </li>
  );
}

