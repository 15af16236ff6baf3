import type { Account } from '../api/types';
import { Avatar } from './Avatar';
import { AccountName } from './AccountName';

export function AccountRow({ account }: { account: Account }) {
  return (
    <li className="account-row">
      <Avatar account={account} size={40} />
      <AccountName account={account} />
    </li>
  );
}
