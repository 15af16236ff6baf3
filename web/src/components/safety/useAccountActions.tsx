// Block / unblock, mute / unmute and report for one account: the menu items (labelled from the
// current relationship) and the dialog each opens. Used by the profile menu and post menus.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { Account, Relationship } from '../../api/types';
import { useI18n } from '../../i18n';
import { displayName } from '../../lib/format';
import { WithName } from '../WithName';
import type { MenuItem } from './MenuButton';
import { BlockDialog } from './BlockDialog';
import { unblock, unmute } from './relationships';
import { announce } from './Toast';
import { isolate } from './isolate';

// The mute and report dialogs load when first opened: no first render of home shows them.
const MuteDialog = lazy(() => import('./MuteDialog').then((m) => ({ default: m.MuteDialog })));
const ReportDialog = lazy(() => import('./ReportDialog').then((m) => ({ default: m.ReportDialog })));

type Open = null | 'block' | 'mute' | 'report';

export function useAccountActions(account: Account, rel: Relationship | null, statusId?: string): { items: MenuItem[] | null; dialogs: ReactNode } {
  const { t } = useI18n();
  const [open, setOpen] = useState<Open>(null);
  const name = displayName(account);
  const said = (template: (name: string) => string) => <WithName template={template} name={name} />;

  const run = (action: Promise<unknown>, message: (name: string) => string) =>
    action.then(() => announce(message(isolate(name))), () => announce(t.safety.actionFailed));

  const items: MenuItem[] | null = rel
    ? [
        rel.muting
          ? { key: 'unmute', label: said(t.safety.unmute), onSelect: () => void run(unmute(account.id), t.safety.unmuted) }
          : { key: 'mute', label: said(t.safety.mute), onSelect: () => setOpen('mute') },
        rel.blocking
          ? { key: 'unblock', label: said(t.safety.unblock), onSelect: () => void run(unblock(account.id), t.safety.unblocked) }
          : { key: 'block', label: said(t.safety.block), onSelect: () => setOpen('block'), danger: true },
        { key: 'report', label: said(t.safety.report), onSelect: () => setOpen('report'), danger: true },
      ]
    : null;

  const close = () => setOpen(null);
  const dialogs = (
    <Suspense fallback={null}>
      {open === 'block' && <BlockDialog account={account} onClose={close} />}
      {open === 'mute' && <MuteDialog account={account} onClose={close} />}
      {open === 'report' && <ReportDialog account={account} statusId={statusId} onClose={close} onBlock={() => setOpen('block')} onMute={() => setOpen('mute')} />}
    </Suspense>
  );
  return { items, dialogs };
}
