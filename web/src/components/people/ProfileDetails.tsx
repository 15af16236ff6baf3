// What a profile says about its person: the bio with its links and hashtags made links, the
// fields (a link the server checked links back is marked verified), the date they joined in the
// reader's language, and the counts, each leading to its list. Loaded with the first profile
// opened, not with home.
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

function ProfileFields({ account }: { account: Account }) {
  const { t, lang } = useI18n();
  const fields = account.fields ?? [];
  return (
    <>
      {fields.length > 0 && (
        <dl className="profile-fields" aria-label={t.people.profile.fields}>
          {fields.map((f, i) => (
            <div key={i} style={{ display: 'contents' }}>
              <dt dir="auto">{f.name}</dt>
              <dd dir="auto" className={f.verified_at ? 'verified' : undefined}>
                <span onClick={routeContentClick} dangerouslySetInnerHTML={{ __html: f.value }} />
                {f.verified_at && (
                  <span className="verified-mark" title={t.people.profile.verified(formatDate(f.verified_at, lang))}>
                    <span aria-hidden="true"> ✓</span>
                    <span className="visually-hidden">{t.people.profile.verified(formatDate(f.verified_at, lang))}</span>
                  </span>
                )}
              </dd>
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

function ProfileCounts({ account }: { account: Account }) {
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

export default function ProfileAbout({ account }: { account: Account }) {
  return (
    <>
      <div className="bio" dir="auto" onClick={routeContentClick} dangerouslySetInnerHTML={{ __html: linkifiedNote(account.note) }} />
      <ProfileFields account={account} />
      <ProfileCounts account={account} />
    </>
  );
}
