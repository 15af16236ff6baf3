// A name and handle that may be in any script: each is isolated with <bdi> so an Arabic name in
// an English line (or the reverse) does not reorder the text around it.
import type { Account } from '../api/types';
import { Link } from '../lib/router';
import { displayName } from '../lib/format';

export function AccountName({ account, link = true }: { account: Account; link?: boolean }) {
  const body = (
    <>
      <bdi className="name">{displayName(account)}</bdi> <bdi className="handle" dir="ltr">@{account.acct}</bdi>
    </>
  );
  return link ? <Link to={`/@${account.acct}`} className="account-name">{body}</Link> : <span className="account-name">{body}</span>;
}
