// One report: who reported whom, why (category, rules, comment), the reported posts in their
// thread, who handles it, and the queue's actions (assign to self, resolve, reopen).
import { useState } from 'react';
import { adminApi, type AdminReport } from '../../api/admin';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { useStore } from '../../state/store';
import { session } from '../../auth/session';
import { useAdminStrings } from '../../pages/admin/i18n';
import { WithName } from '../WithName';
import { AdminAccountName } from './AdminAccountName';
import { PostInContext } from './PostInContext';

export function ReportCard({ report, onChange }: { report: AdminReport; onChange(next: AdminReport): void }) {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const me = useStore(session);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const act = async (action: 'assign_to_self' | 'unassign' | 'resolve' | 'reopen') => {
    setBusy(true);
    setError('');
    try {
      onChange(await adminApi.reportAction(report.id, action));
    } catch (e) {
      setError(a.failed(e instanceof ApiError ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  const assignedToMe = report.assigned_account?.id === me?.accountId;
  const headingId = `report-${report.id}`;
  return (
    <article className="card report" aria-labelledby={headingId} data-report-id={report.id}>
      <header className="report-head">
        <h2 id={headingId}>
          <Link to={`/admin/reports/${encodeURIComponent(report.id)}`}>
            <WithName template={a.reports.heading} name={report.id} />
          </Link>
        </h2>
        <time dateTime={report.created_at} className="muted">
          {formatDate(report.created_at, lang)}
        </time>
      </header>
      <dl className="admin-facts">
        <dt>{a.reports.target}</dt>
        <dd className="report-target">
          <AdminAccountName account={report.target_account.account} id={report.target_account.id} />
        </dd>
        <dt>{a.reports.reporter}</dt>
        <dd className="report-reporter">
          <AdminAccountName account={report.account.account} id={report.account.id} />
        </dd>
        <dt>{a.reports.category}</dt>
        <dd className="report-category">{a.reports.categories[report.category] ?? report.category}</dd>
        {report.rules.length > 0 && (
          <>
            <dt>{a.reports.rules}</dt>
            <dd>
              <ul className="report-rules">
                {report.rules.map((r) => (
                  <li key={r.id}>
                    <bdi>{r.text}</bdi>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>{a.reports.comment}</dt>
        {/* Isolated, not turned: the text keeps its own direction, the list keeps the page's. */}
        <dd className="report-comment">{report.comment ? <bdi className="pre-wrap">{report.comment}</bdi> : <span className="muted">{a.reports.noComment}</span>}</dd>
        <dt>{a.reports.assigned}</dt>
        <dd className="report-assigned">
          {report.assigned_account ? <AdminAccountName account={report.assigned_account.account} id={report.assigned_account.id} /> : <span className="muted">{a.reports.unassigned}</span>}
        </dd>
        {report.action_taken && report.action_taken_by_account && (
          <>
            <dt>{a.reports.resolvedBy}</dt>
            <dd>
              <AdminAccountName account={report.action_taken_by_account.account} id={report.action_taken_by_account.id} />
              {report.action_taken_at && (
                <>
                  {' · '}
                  <time dateTime={report.action_taken_at}>{formatDate(report.action_taken_at, lang)}</time>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      <section className="report-posts" aria-label={a.reports.posts}>
        <h3>{a.reports.posts}</h3>
        {report.statuses.length === 0 ? <p className="muted">{a.reports.noPosts}</p> : report.statuses.map((s) => <PostInContext key={s.id} status={s} />)}
      </section>
      <div className="admin-actions">
        {!report.action_taken &&
          (assignedToMe ? (
            <button type="button" className="secondary unassign" disabled={busy} onClick={() => void act('unassign')}>
              {a.reports.unassign}
            </button>
          ) : (
            <button type="button" className="secondary assign" disabled={busy} onClick={() => void act('assign_to_self')}>
              {a.reports.assignToSelf}
            </button>
          ))}
        {report.action_taken ? (
          <button type="button" className="secondary reopen" disabled={busy} onClick={() => void act('reopen')}>
            {a.reports.reopen}
          </button>
        ) : (
          <button type="button" className="primary resolve" disabled={busy} onClick={() => void act('resolve')}>
            {a.reports.resolve}
          </button>
        )}
        <Link className="button secondary" to={`/admin/accounts/${encodeURIComponent(report.target_account.id)}?report=${encodeURIComponent(report.id)}`}>
          {a.reports.openAccount}
        </Link>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </article>
  );
}
