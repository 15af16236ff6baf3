// The posts an account pinned, above its other posts on the profile, each labelled "Pinned"
// (GET /api/v1/accounts/:id/statuses?pinned=true). Read again when the reader pins or unpins.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { useStore } from '../../state/store';
import { StatusCard } from '../StatusCard';
import { pinsChanged } from './usePinItem';

export function PinnedPosts({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Status[]>([]);
  const version = useStore(pinsChanged);

  useEffect(() => {
    let cancelled = false;
    api<Status[]>(`/api/v1/accounts/${accountId}/statuses?pinned=true`).then(
      (list) => !cancelled && setItems(list),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [accountId, version]);

  if (!items.length) return null;
  return (
    <section className="timeline pinned-posts" aria-label={t.organising.pins.pinnedPosts}>
      <div className="feed">
        {items.map((s) => (
          <StatusCard
            key={s.id}
            status={s}
            pinned
            filterContext="account"
            onChange={(n) => setItems((list) => (n.pinned === false ? list.filter((x) => x.id !== s.id) : list.map((x) => (x.id === s.id ? n : x))))}
            onDelete={(id) => setItems((list) => list.filter((x) => x.id !== id))}
          />
        ))}
      </div>
    </section>
  );
}
