// The moderation pages' router, loaded on demand (App.tsx imports it lazily), so readers who are
// not staff never download them. /admin opens the first section this role may use.
import { useEffect } from 'react';
import { match, navigate } from '../../lib/router';
import { useStaffNow } from '../../state/staff';
import { useI18n } from '../../i18n';
import { AdminFrame, firstSection } from '../../components/admin/AdminFrame';
import { Reports, ReportPage } from './Reports';
import { Accounts } from './Accounts';
import { AccountView } from './AccountView';
import { AuditLog } from './AuditLog';
import { Rules } from './Rules';
import { useAdminStrings } from './i18n';

function AdminHome() {
  const a = useAdminStrings();
  const staff = useStaffNow();
  useEffect(() => {
    if (staff?.adminScopes) navigate(firstSection(staff), { replace: true });
  }, [staff]);
  return <AdminFrame title={a.title} permission="manage_reports">{null}</AdminFrame>;
}

function NotFound() {
  const { t } = useI18n();
  return <AdminFrame title={t.errors.notFound} permission="manage_reports">{null}</AdminFrame>;
}

export default function AdminRoutes({ path }: { path: string }) {
  let m: Record<string, string> | null;
  const clean = path.replace(/\/+$/, '');
  if (clean === '/admin') return <AdminHome />;
  if (clean === '/admin/reports') return <Reports />;
  if ((m = match('/admin/reports/:id', clean))) return <ReportPage key={m.id} id={m.id} />;
  if (clean === '/admin/accounts') return <Accounts />;
  if ((m = match('/admin/accounts/:id', clean))) return <AccountView key={m.id} id={m.id} />;
  if (clean === '/admin/audit') return <AuditLog />;
  if (clean === '/admin/rules') return <Rules />;
  return <NotFound />;
}
