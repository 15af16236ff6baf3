import type { Account } from '../api/types';

export function Avatar({ account, size = 48 }: { account: Account; size?: number }) {
  // Decorative: the name beside it says who it is.
  return <img className="avatar" src={account.avatar} alt="" width={size} height={size} loading="lazy" decoding="async" />;
}
