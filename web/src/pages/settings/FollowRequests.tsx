// Settings: people asking to follow the reader's locked account (GET /api/v1/follow_requests),
// each approved or rejected.
import { api } from '../../api/client';
import type { Relationship } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { rememberRelationship } from '../../components/safety/relationships';
import { announce } from '../../components/safety/Toast';
import { isolate } from '../../components/safety/isolate';
import { AccountListPage } from './AccountListPage';
import { ActionButton } from './ActionButton';

const answer = async (id: string, action: 'authorize' | 'reject') =>
  rememberRelationship(await api<Relationship>(`/api/v1/follow_requests/${encodeURIComponent(id)}/${action}`, { method: 'POST' }));

export function FollowRequests() {
  const { t } = useI18n();
  const f = t.safety.followRequests;
  return (
    <AccountListPage
      title={f.title}
      path="/api/v1/follow_requests"
      empty={f.empty}
      className="follow-requests"
      actions={(account, done) => {
        const name = isolate(displayName(account));
        return (
          <>
            <ActionButton className="primary authorize" label={f.authorize} ariaLabel={f.authorizeNamed(name)} run={() => answer(account.id, 'authorize')} onDone={() => (announce(f.authorized(name)), done())} />
            <ActionButton className="secondary reject" label={f.reject} ariaLabel={f.rejectNamed(name)} run={() => answer(account.id, 'reject')} onDone={() => (announce(f.rejected(name)), done())} />
          </>
        );
      }}
    />
  );
}
