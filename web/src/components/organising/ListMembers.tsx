// A list's members: each with Remove, and a search among the accounts the reader follows
// (Mastodon adds only followed accounts to lists) with Add.
import { useEffect, useId, useState } from 'react';
import type { Account } from '../../api/types';
import { lists, searchFollowed } from '../../api/organising';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { AccountRow } from '../AccountRow';
import { announce } from '../safety/Toast';
import { isolate } from '../safety/isolate';

interface Props {
  listId: string;
  /** Called after a member was added or removed (the timeline shows other posts then). */
  onChange(): void;
}

export function ListMembers({ listId, onChange }: Props) {
  const { t } = useI18n();
  const s = t.organising.lists;
  const searchId = useId();
  const [members, setMembers] = useState<Account[] | null>(null);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Account[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    lists.members(listId).then(setMembers, () => setMembers([]));
  }, [listId]);

  // Search as the reader types, a moment after the last key (one request per pause).
  useEffect(() => {
    const q = query.trim();
    if (!q) return setFound(null);
    let cancelled = false;
    const timer = setTimeout(() => {
      searchFollowed(q).then((r) => !cancelled && setFound(r), () => !cancelled && setFound([]));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query]);

  const change = async (account: Account, add: boolean) => {
    setBusy(account.id);
    try {
      if (add) await lists.addMember(listId, account.id);
      else await lists.removeMember(listId, account.id);
      setMembers((all) => (add ? [...(all ?? []).filter((a) => a.id !== account.id), account] : (all ?? []).filter((a) => a.id !== account.id)));
      announce((add ? s.added : s.removed)(isolate(displayName(account))));
      onChange();
    } catch {
      announce(t.safety.actionFailed);
    } finally {
      setBusy(null);
    }
  };

  const memberIds = new Set(members?.map((a) => a.id));
  const button = (account: Account, add: boolean) => (
    <span className="row-actions">
      <button
        type="button"
        className={add ? 'primary add-member' : 'secondary remove-member'}
        aria-label={(add ? s.addNamed : s.removeNamed)(isolate(displayName(account)))}
        disabled={busy === account.id}
        onClick={() => void change(account, add)}
      >
        {add ? s.addMember : s.removeMember}
      </button>
    </span>
  );

  return (
    <div className="list-members">
      <label htmlFor={searchId}>{s.search}</label>
      <input id={searchId} type="search" name="member-search" dir="auto" autoComplete="off" placeholder={s.searchPlaceholder} value={query} onChange={(e) => setQuery(e.target.value)} />
      {found && (
        <div aria-live="polite">
          {found.length === 0 ? (
            <p className="muted">{s.noMatches}</p>
          ) : (
            <ul className="account-list member-search-results">
              {found.map((a) => (
                <AccountRow key={a.id} account={a}>
                  {button(a, !memberIds.has(a.id))}
                </AccountRow>
              ))}
            </ul>
          )}
        </div>
      )}
      <h2 className="members-title">{s.members}</h2>
      {members === null && <p className="muted">{t.timeline.loading}</p>}
      {members?.length === 0 && <p className="muted">{s.noMembers}</p>}
      {!!members?.length && (
        <ul className="account-list members">
          {members.map((a) => (
            <AccountRow key={a.id} account={a}>
              {button(a, false)}
            </AccountRow>
          ))}
        </ul>
      )}
    </div>
  );
}
