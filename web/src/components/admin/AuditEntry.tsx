// One line of the audit log: when, who, what, on what, why. Names and ids are isolated (<bdi>) so
// the sentence keeps its order in either language.
import type { ActionLogEntry } from '../../api/admin';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useAdminStrings } from '../../pages/admin/i18n';
import { AdminAccountName } from './AdminAccountName';

function targetPath(entry: ActionLogEntry): string | null {
  const id = encodeURIComponent(entry.target_id);
  if (entry.target_type === 'Account') return `/admin/accounts/${id}`;
  if (entry.target_type === 'Report') return `/admin/reports/${id}`;
  if (entry.target_type === 'Rule') return '/admin/rules';
  return null;
}

export function AuditEntry({ entry }: { entry: ActionLogEntry }) {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const to = targetPath(entry);
  const target = (
    <>
      {a.audit.targets[entry.target_type] ?? entry.target_type} <bdi dir="ltr">#{entry.target_id}</bdi>
    </>
  );
  return (
    <li className="audit-entry" data-action={entry.action} data-target={`${entry.target_type}:${entry.target_id}`}>
      <time dateTime={entry.created_at} className="muted">
        {formatDate(entry.created_at, lang)}
      </time>
      <p>
        {entry.account ? <AdminAccountName account={entry.account} id={entry.account.id} /> : <span className="muted">—</span>} <span className="audit-action">{a.audit.actions[entry.action] ?? entry.action}</span>{' '}
        {to ? <Link to={to}>{target}</Link> : target}
      </p>
      {entry.reason && (
        <p className="audit-reason">
          <bdi className="pre-wrap">{entry.reason}</bdi>
        </p>
      )}
    </li>
  );
}
