// The "Pin on profile" / "Unpin" item of one's own post menu. Boosts and direct posts cannot be
// pinned (Mastodon's rule), so they get no item. The server refuses a sixth pin with 422, said
// here in the reader's language.
import { ApiError } from '../../api/client';
import { pin } from '../../api/organising';
import type { Status } from '../../api/types';
import { useI18n } from '../../i18n';
import type { MenuItem } from '../safety/MenuButton';
import { announce } from '../safety/Toast';
import { createStore } from '../../state/store';

/** Bumped after each pin or unpin: the profile's pinned posts are read again. */
export const pinsChanged = createStore(0);

export function usePinItem(status: Status, onChange: (status: Status) => void): MenuItem | null {
  const { t } = useI18n();
  const s = t.organising.pins;
  if (status.reblog || status.visibility === 'direct') return null;
  const toggle = async () => {
    try {
      const next = await pin(status, !status.pinned);
      onChange(next);
      pinsChanged.set(pinsChanged.get() + 1);
      announce(next.pinned ? s.pinnedDone : s.unpinnedDone);
    } catch (error) {
      announce(error instanceof ApiError && error.status === 422 ? s.limit : t.safety.actionFailed);
    }
  };
  return { key: status.pinned ? 'unpin' : 'pin', label: status.pinned ? s.unpin : s.pin, onSelect: () => void toggle() };
}
