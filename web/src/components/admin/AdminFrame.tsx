// The frame of every moderation page: the app's Layout, the sections this role may open, and the
// gate in front of them (staff only; a token with the admin scopes, else a second sign-in).
import type { ReactNode } from 'react';
import { Layout } from '../Layout';
import { Link, useLocation } from '../../lib/router';
import { useI18n } from '../../i18n';
import { beginSignIn, STAFF_SCOPES } from '../../auth/oauth';
import { can, useStaffNow, type StaffPermission } from '../../state/staff';
import { useAdminStrings } from '../../pages/admin/i18n';

const SECTIONS: [string, StaffPermission, 'reports' | 'accounts' | 'audit' | 'rules'][] = [
  ['/admin/reports', 'manage_reports', 'reports'],
  ['/admin/accounts', 'manage_users', 'accounts'],
  ['/admin/audit', 'view_audit_log', 'audit'],
  ['/admin/rules', 'manage_rules', 'rules'],
];

export function AdminFrame({ title, permission, children }: { title: string; permission: StaffPermission; children: ReactNode }) {
  const a = useAdminStrings();
  const { lang } = useI18n();
  const { path, search } = useLocation();
  const staff = useStaffNow();
  let body: ReactNode;
  if (staff === undefined) body = <p className="muted" role="status">{a.loading}</p>;
  else if (!staff) body = <p className="admin-gate" role="alert">{a.gate.notStaff}</p>;
  else if (!staff.adminScopes)
    body = (
      <div className="card admin-gate">
        <p>{a.gate.needsScopes}</p>
        <button type="button" className="primary admin-sign-in" onClick={() => void beginSignIn(lang, path + (search.size ? `?${search}` : ''), STAFF_SCOPES)}>
          {a.gate.continue}
        </button>
      </div>
    );
  else if (!can(staff, permission)) body = <p className="admin-gate" role="alert">{a.gate.noPermission}</p>;
  else body = children;
  return (
    <Layout title={title}>
      {staff && (
        <nav className="admin-tabs" aria-label={a.tabs.label}>
          <ul>
            {SECTIONS.filter(([, p]) => can(staff, p)).map(([to, , key]) => (
              <li key={to}>
                <Link to={to} aria-current={path === to || path.startsWith(`${to}/`) ? 'page' : undefined}>
                  {a.tabs[key]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {body}
    </Layout>
  );
}

/** The first section this role may open (the Moderation link, /admin, goes there). */
export function firstSection(staff: Parameters<typeof can>[0]): string {
  return SECTIONS.find(([, p]) => can(staff, p))?.[0] ?? '/admin/reports';
}
