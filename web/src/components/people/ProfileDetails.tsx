// What a profile says about its person beyond the bio: the fields (a link the server checked
// links back is marked verified), the date they joined in the reader's calendar language, and
// the counts, each leading to its list; then the tabs over the account's posts.
import type { Account } from '../../api/types';
import { useI18n } from '../../i18n';
import { Link, routeContentClick } from '../../lib/router';
import { formatDate } from '../../lib/format';
import './people.css';

const months = new Map<string, Intl.DateTimeFormat>();
function monthYear(iso: string, lang: string): string {
  let format = months.get(lang);
  if (!format) months.set(lang, (format = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-u-nu-latn' : 'en', { year: 'numeric', month: 'long' })));
  return format.format(new Date(iso));
}

const LINK = /(https?:\/\/[^\s<]+[^\s<.,;:!?)\]'"،])|(^|[^\p{L}\p{N}_&/])[#＃]([\p{L}\p{M}\p{N}_]+)/gu;

/**
 * The bio as the server sends it (escaped text in paragraphs) with its links and hashtags made
 * links; a hashtag opens the hashtag page inside the app (routeContentClick). Text already inside
 * a link is left as it is.
 */
export function linkifiedNote(html: string): string {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement?.closest('a')) texts.push(n as Text);
  for (const node of texts) {
    const value = node.data;
    LINK.lastIndex = 0;
    if (!LINK.test(value)) continue;
    LINK.lastIndex = 0;
    const out = doc.createDocumentFragment();
    let last = 0;
    for (const m of value.matchAll(LINK)) {
      const start = m.index + (m[1] ? 0 : m[2].length);
      out.append(value.slice(last, start));
      const a = doc.createElement('a');
      if (m[1]) {
        a.href = m[1];
        a.rel = 'nofollow noopener noreferrer';
        a.target = '_blank';
        a.textContent = m[1];
      } else {
        a.href = `/tags/${encodeURIComponent(m[3])}`;
        a.className = 'mention hashtag';
        a.rel = 'tag';
        a.textContent = `#${m[3]}`;
      }
      out.append(a);
      last = m.index + m[0].length;
    }
    out.append(value.slice(last));
    node.replaceWith(out);
  }
  return doc.body.firstElementChild!.innerHTML;
}

export function ProfileFields({ account }: { account: Account }) {
  const { t, lang } = useI18n();
  const fields = account.fields ?? [];
  return (
    <>
      {fields.length > 0 && (
        <dl className="profile-fields" aria-label={t.people.profile.fields}>
          {fields.map((f, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt dir="auto">{f.name}</dt>
              <dd
                dir="auto"
                className={f.verified_at ? 'verified' : undefined}
                title={f.verified_at ? t.people.profile.verified(formatDate(f.verified_at, lang)) : undefined}
                onClick={routeContentClick}
                dangerouslySetInnerHTML={{ __html: f.value }}
              />
            </div>
          ))}
        </dl>
      )}
      <p className="joined">
        <time dateTime={account.created_at}>{t.people.profile.joined(monthYear(account.created_at, lang))}</time>
      </p>
    </>
  );
}

export function ProfileCounts({ account }: { account: Account }) {
  const { t } = useI18n();
  const p = t.people.profile;
  return (
    <ul className="counts">
      <li>{p.posts_count(account.statuses_count)}</li>
      <li>
        <Link to={`/@${account.acct}/following`}>{p.following(account.following_count)}</Link>
      </li>
      <li>
        <Link to={`/@${account.acct}/followers`}>{p.followers(account.followers_count)}</Link>
      </li>
    </ul>
  );
}

export type ProfileTab = 'posts' | 'with_replies' | 'media';

export function profileTabOf(value: string | null): ProfileTab {
  return value === 'with_replies' || value === 'media' ? value : 'posts';
}

/** The API path of a tab: Posts leaves replies out (as Mastodon's profile does). */
export function profileTabPath(accountId: string, tab: ProfileTab): string {
  const base = `/api/v1/accounts/${accountId}/statuses`;
  return tab === 'posts' ? `${base}?exclude_replies=true` : tab === 'media' ? `${base}?only_media=true` : base;
}

export function ProfileTabs({ account, tab }: { account: Account; tab: ProfileTab }) {
  const { t } = useI18n();
  const p = t.people.profile;
  const item = (value: ProfileTab, label: string) => (
    <Link to={value === 'posts' ? `/@${account.acct}` : `/@${account.acct}?tab=${value}`} aria-current={tab === value ? 'page' : undefined}>
      {label}
    </Link>
  );
  return (
    <nav className="tabs profile-tabs" aria-label={p.tabs}>
      {item('posts', p.posts)}
      {item('with_replies', p.withReplies)}
      {item('media', p.media)}
    </nav>
  );
}
