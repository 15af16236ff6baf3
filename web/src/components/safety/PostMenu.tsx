// A post's "⋯" menu: mute or unmute the conversation (no more notifications from its replies),
// on one's own post, pin it on the profile or unpin it (usePinItem), and, on someone else's post,
// mute, block or report its author. The relationship the labels
// depend on is loaded when the menu first opens, not for every post on the page.
import { useState } from 'react';
import { api } from '../../api/client';
import type { Status } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { MenuButton, type MenuItem } from './MenuButton';
import { useAccountActions } from './useAccountActions';
import { useRelationship } from './relationships';
import { announce } from './Toast';
import { isolate } from './isolate';
import { usePinItem } from '../organising/usePinItem';

interface Props {
  status: Status;
  mine: boolean;
  onChange(status: Status): void;
  /** Opens the composer on one's own post (posting/). */
  onEdit?(): void;
}

export function PostMenu({ status, mine, onChange, onEdit }: Props) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const rel = useRelationship(mine ? null : status.account.id, opened);
  const account = useAccountActions(status.account, rel, status.id);

  const toggleConversation = async () => {
    try {
      const next = await api<Status>(`/api/v1/statuses/${status.id}/${status.muted ? 'unmute' : 'mute'}`, { method: 'POST' });
      onChange(next);
      announce(next.muted ? t.safety.conversationMuted : t.safety.conversationUnmuted);
    } catch {
      announce(t.safety.actionFailed);
    }
  };

  const conversation: MenuItem = {
    key: status.muted ? 'unmute-conversation' : 'mute-conversation',
    label: status.muted ? t.safety.unmuteConversation : t.safety.muteConversation,
    onSelect: () => void toggleConversation(),
  };
  const pin = usePinItem(status, onChange);
  const edit: MenuItem[] = mine && onEdit ? [{ key: 'edit', label: t.posting.edit, onSelect: onEdit }] : [];
  const items = mine ? [...edit, ...(pin ? [pin] : []), conversation] : account.items && [conversation, ...account.items];
  return (
    <>
      <MenuButton
        label={t.safety.moreFor(isolate(displayName(status.account)))}
        className="post-menu"
        onOpen={() => setOpened(true)}
        items={items}
        loadingText={t.safety.loading}
      />
      {account.dialogs}
    </>
  );
}
