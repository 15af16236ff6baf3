// "Write a post" from anywhere (the floating button, the `n` shortcut, a share from another
// app): the composer lives at the top of home, so go there and put the caret in it. Text
// shared in is added to the home draft (kept per account, outbox.ts), so the composer opens
// with it and an unfinished draft is kept above it rather than lost.
import { navigate } from './router';
import { loadDraft, saveDraft } from '../state/outbox';

const HOME_BOX = '#main > form.composer textarea';

export function openComposer(shared?: string): void {
  if (shared) {
    const draft = loadDraft('home').trimEnd();
    saveDraft('home', draft ? `${draft}\n\n${shared}` : shared);
  }
  // From the share page, home takes its place in history: Back returns to the sharing app.
  if (location.pathname !== '/') navigate('/', { replace: location.pathname === '/share' });
  // Home may still be rendering (or the composer remounting with the new draft): a few frames.
  let frames = 60;
  const focus = () => {
    const box = document.querySelector<HTMLTextAreaElement>(HOME_BOX);
    if (box && (!shared || box.value.includes(shared))) {
      box.scrollIntoView({ block: 'center' });
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    } else if (frames-- > 0) requestAnimationFrame(focus);
  };
  requestAnimationFrame(focus);
}

/** The text a share target receives (title, text, url), as one post. */
export function sharedText(search: URLSearchParams): string {
  const parts = [search.get('title'), search.get('text'), search.get('url')].map((s) => (s ?? '').trim()).filter(Boolean);
  // Android often puts the link in `text` as well as `url`: once is enough.
  return parts.filter((p, i) => parts.indexOf(p) === i && !parts.some((q, j) => j !== i && q.length > p.length && q.includes(p))).join('\n');
}
