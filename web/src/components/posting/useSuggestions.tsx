// @-mention and #-hashtag suggestions while typing: the word being typed before the caret is
// looked up (accounts: /api/v1/accounts/search, resolve=false; hashtags: /api/v2/search), and
// the matches are offered in a listbox under the text. The text field keeps the focus and points
// at the highlighted option (aria-activedescendant); ↑/↓ move, Enter or Tab take it, Escape
// closes the list (and only the list). Names keep their own direction; handles read left-to-right.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { api, qs } from '../../api/client';
import type { Account, Tag } from '../../api/types';
import { useI18n } from '../../i18n';
import './compose.css';

interface Token {
  kind: '@' | '#';
  query: string;
  /** Where the token (with its sigil) starts in the text. */
  start: number;
  end: number;
}

type Suggestion = { kind: '@'; account: Account } | { kind: '#'; tag: Tag };

const DEBOUNCE_MS = 150;
const LIMIT = 5;

/** The @ or # word the caret is at the end of, if any. */
export function tokenAt(text: string, caret: number): Token | undefined {
  const before = text.slice(0, caret);
  const match = /(?:^|[^\p{L}\p{N}_@#])([@#])([\p{L}\p{M}\p{N}_]+(?:@[\w.-]*)?)$/u.exec(before);
  if (!match) return undefined;
  const query = match[2];
  return { kind: match[1] as '@' | '#', query, start: caret - query.length - 1, end: caret };
}

export function useSuggestions(text: string, field: RefObject<HTMLTextAreaElement | null>, setText: (value: string) => void) {
  const { t } = useI18n();
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const token = tokenAt(text, caret);
  const key = token ? `${token.kind}${token.query}@${token.start}` : null;
  const open = token !== undefined && items.length > 0 && dismissed !== key;
  const latest = useRef(0);

  useEffect(() => {
    setActive(0);
    if (!token) {
      setItems([]);
      return;
    }
    const ask = ++latest.current;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const found: Suggestion[] =
          token.kind === '@'
            ? (await api<Account[]>(`/api/v1/accounts/search${qs({ q: token.query, resolve: false, limit: LIMIT })}`, { signal: controller.signal })).map((account) => ({ kind: '@', account }))
            : (await api<{ hashtags: Tag[] }>(`/api/v2/search${qs({ q: token.query, type: 'hashtags', limit: LIMIT })}`, { signal: controller.signal })).hashtags.map((tag) => ({ kind: '#', tag }));
        if (ask === latest.current) setItems(found.slice(0, LIMIT));
      } catch {
        if (ask === latest.current) setItems([]);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The lookup depends on the token only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const choose = (item: Suggestion) => {
    if (!token) return;
    const word = item.kind === '@' ? `@${item.account.acct} ` : `#${item.tag.name} `;
    const next = text.slice(0, token.start) + word + text.slice(token.end).replace(/^ /, '');
    const at = token.start + word.length;
    setText(next);
    setItems([]);
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(at, at);
      setCaret(at);
    });
  };

  const track = () => setCaret(field.current?.selectionStart ?? 0);

  /** Handles the listbox's keys; true when the key was its (the composer then ignores it). */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      choose(items[active]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDismissed(key);
      return true;
    }
    return false;
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  const fieldProps = {
    'aria-autocomplete': 'list' as const,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(active) : undefined,
    onSelect: track,
    onKeyUp: track,
    onClick: track,
    onInput: track,
  };

  const list = open ? (
    <ul id={listId} role="listbox" className="suggestions" aria-label={t.composer.suggestions}>
      {items.map((item, i) => (
        <li
          key={item.kind === '@' ? item.account.id : item.tag.name}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'suggestion active' : 'suggestion'}
          // The text field keeps the focus (and its caret) while an option is clicked.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => choose(item)}
        >
          {item.kind === '@' ? (
            <>
              <img className="suggestion-avatar" src={item.account.avatar} alt="" width={28} height={28} loading="lazy" />
              <span className="suggestion-name" dir="auto">
                {item.account.display_name || item.account.username}
              </span>
              <bdi className="suggestion-handle" dir="ltr">
                @{item.account.acct}
              </bdi>
            </>
          ) : (
            <>
              <span className="suggestion-name" dir="auto">
                #{item.tag.name}
              </span>
              {item.tag.history && item.tag.history.length > 0 && (
                <span className="suggestion-handle">{t.composer.posts(item.tag.history.reduce((n, d) => n + Number(d.uses), 0))}</span>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  ) : null;
  return { fieldProps, onKeyDown, list };
}
