// The interface language: Arabic or English, from what the reader chose (localStorage) or the
// browser's preferred languages, Arabic when neither says. Switching sets <html lang dir>.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ar } from './ar';
import { en, type Strings } from './en';

export type Lang = 'ar' | 'en';
const STRINGS: Record<Lang, Strings> = { ar, en };
const KEY = 'sirb.lang';
/** Mirrors the choice for the server (boot.js also copies an older choice into it). */
export const LANG_COOKIE = 'sirb_lang';

export function detectLang(saved: string | null = safeGet(KEY), preferred: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  if (saved === 'ar' || saved === 'en') return saved;
  for (const tag of preferred) {
    const code = tag.slice(0, 2).toLowerCase();
    if (code === 'ar' || code === 'en') return code;
  }
  return 'ar';
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

interface I18n {
  lang: Lang;
  t: Strings;
  setLang(lang: Lang): void;
}

const Ctx = createContext<I18n>({ lang: 'ar', t: ar, setLang: () => {} });

/** `initial`: the language the server rendered the page in (entry-server.tsx), the same on hydration. */
export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? detectLang());
  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  }, [lang]);
  const setLang = (next: Lang) => {
    try {
      localStorage.setItem(KEY, next);
      // The server renders home in the reader's language too (src/web-ssr.ts reads this cookie).
      document.cookie = `${LANG_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Strict`;
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    setLangState(next);
  };
  return <Ctx.Provider value={{ lang, t: STRINGS[lang], setLang }}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  return useContext(Ctx);
}
