// The audit log (GET /api/v1/admin/action_logs): every moderator action, newest first, in pages.
// Read-only here as on the server: nothing in Sirb edits or deletes an entry.
import { adminApi, PAGE_SIZE } from '../../api/admin';
import { AdminFrame } from '../../components/admin/AdminFrame';
import { AuditEntry } from '../../components/admin/AuditEntry';
import { useAdminStrings } from './i18n';
import { PagedList } from './Reports';
import { usePaged } from './usePaged';

export function AuditLog() {
  const a = useAdminStrings();
  const list = usePaged(() => adminApi.actionLogs(), 'all', PAGE_SIZE.actionLogs);
  return (
    <AdminFrame title={a.audit.title} permission="view_audit_log">
      <PagedList list={list} listClass="audit-list card" empty={a.audit.empty} render={(entry) => <AuditEntry key={entry.id} entry={entry} />} />
    </AdminFrame>
  );
}
