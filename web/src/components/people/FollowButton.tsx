// Follow / Unfollow for a row of a list of people. Relationships are read for a whole page at
// once (loadRelationships) and shared with the profile page through safety/relationships.
import { useState } from 'react';
import { api } from '../../api/client';
import type { Account, Relationship } from '../../api/types';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/store';
import { session } from '../../auth/session';
import { rememberRelationship, useRelationship } from '../safety/relationships';
import { WithName } from '../WithName';
import { displayName } from '../../lib/format';

export async function loadRelationships(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const query = ids.map((id) => `id[]=${encodeURIComponent(id)}`).join('&');
  for (const rel of await api<Relationship[]>(`/api/v1/accounts/relationships?${query}`)) rememberRelationship(rel);
}

export function FollowButton({ account }: { account: Account }) {
  const { t } = useI18n();
  const me = useStore(session);
  const rel = useRelationship(me && me.accountId !== account.id ? account.id : null, false);
  const [busy, setBusy] = useState(false);
  if (!rel || rel.blocking || rel.blocked_by) return null;
  const on = rel.following || rel.requested;
  const toggle = async () => {
    setBusy(true);
    try {
      rememberRelationship(await api<Relationship>(`/api/v1/accounts/${account.id}/${on ? 'unfollow' : 'follow'}`, { method: 'POST' }));
    } catch {
      /* the button stays as it was: the server's answer is the truth */
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className={on ? 'secondary follow' : 'primary follow'} disabled={busy} aria-pressed={rel.following} onClick={() => void toggle()}>
      {rel.following ? t.profile.unfollow : rel.requested ? t.safety.requested : t.profile.follow}
      <span className="visually-hidden">
        {' '}
        <WithName template={(n) => `(${n})`} name={displayName(account)} />
      </span>
    </button>
  );
}
