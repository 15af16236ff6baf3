import type { ReactNode } from 'react';
import type { Account } from '../api/types';
import { Avatar } from './Avatar';
import { AccountName } from './AccountName';

/** `children`: what follows the name on the row (a settings list's buttons, say). */
export function AccountRow({ account, children }: { account: Account; children?: ReactNode }) {
  return (
    <li className="account-row">
      <Avatar account={account} size={40} />
      <AccountName account={account} />
      {children}
    </li>
  );
}
