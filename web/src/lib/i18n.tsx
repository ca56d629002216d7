// The client-facing pages' words (the portal, sign-in, invitations, the public page, joining a visit,
// questionnaires) in the reader's language. English is the text in the code; each other language is one
// file, locales/<code>.json, mapping that English text to its own ("Book a visit" → "Reservar una cita"),
// loaded only when chosen. Adding a language is adding its file (and data/words.<code>.json for e-mails).
// Staff pages are English and are not wrapped in a LanguageProvider.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setFormatLocale } from './format';

type Dict = Record<string, string>;
const files = import.meta.glob<Dict>('../locales/*.json', { import: 'default' });
const codeOf = (path: string) => path.replace(/^.*\/([a-z-]+)\.json$/, '$1');

/** The languages the client's pages can be read in, English first, each named in its own words. */
export const LANGUAGES: { code: string; name: string }[] = ['en', ...Object.keys(files).map(codeOf)].map((code) => ({
  code,
  name: (() => {
    try {
      const n = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
      return n.charAt(0).toLocaleUpperCase(code) + n.slice(1);
    } catch {
      return code;
    }
  })(),
}));
const known = (code: string | null | undefined): code is string => !!code && LANGUAGES.some((l) => l.code === code);

const STORED = 'duet.language';
/** The language a link asked for (?lang=es: e-mails to a client open their pages in the client's language),
 * else the one chosen on this device before, else the browser's first one Duet has, else English. */
function firstLanguage(): string {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (known(asked)) return asked;
  const stored = localStorage.getItem(STORED);
  if (known(stored)) return stored;
  for (const l of navigator.languages ?? [navigator.language]) {
    const code = l.toLowerCase().split('-')[0];
    if (known(code)) return code;
  }
  return 'en';
}

/** Fills {name} placeholders. */
function fill(text: string, values?: Record<string, string | number>): string {
  if (!values) return text;
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export type Translate = (english: string, values?: Record<string, string | number>) => string;
interface Language {
  language: string;
  /** Changes the language of these pages (and remembers it on this device). */
  setLanguage: (code: string) => void;
  t: Translate;
}
const english: Translate = (text, values) => fill(text, values);
const LanguageContext = createContext<Language>({ language: 'en', setLanguage: () => {}, t: english });

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ language: string; dict: Dict | null }>({ language: 'en', dict: null });
  const setLanguage = useCallback((code: string) => {
    if (!known(code)) return;
    localStorage.setItem(STORED, code);
    if (code === 'en') {
      setState({ language: 'en', dict: null });
      return;
    }
    const load = files[`../locales/${code}.json`];
    void load().then((dict) => setState({ language: code, dict }));
  }, []);
  // The first language (from this device or the browser), once.
  useEffect(() => {
    const first = firstLanguage();
    if (first !== 'en') setLanguage(first);
  }, [setLanguage]);
  // Dates and times read the same way as the words (the global formatter is the page's); screen readers
  // pronounce the page in its language.
  setFormatLocale(state.language === 'en' ? 'en-US' : `${state.language}-US`);
  useEffect(() => {
    document.documentElement.lang = state.language;
  }, [state.language]);
  const value = useMemo<Language>(() => {
    const dict = state.dict;
    return {
      language: state.language,
      setLanguage,
      t: dict ? (text, values) => fill(dict[text] ?? text, values) : english,
    };
  }, [state, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

/** Marks English words kept in a table (a mode's name, a status) that are translated where shown, so the
 * locale check finds them: `const MODE = { video: w('Video') }` … `t(MODE[mode])`. */
export const w = (english: string) => english;

/** The translate function of the page's language: t('Book a visit'), t('Hello, {name}', { name }). */
export function useT(): Translate {
  return useContext(LanguageContext).t;
}
export function useLanguage(): Language {
  return useContext(LanguageContext);
}
