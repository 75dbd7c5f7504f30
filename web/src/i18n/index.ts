import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.ts';
import es from './es.ts';

export const languages = ['en', 'es'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'iconocast.language';

export const isLanguage = (v: unknown): v is Language =>
  typeof v === 'string' && (languages as readonly string[]).includes(v);

function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(storageKey);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage can be unavailable (private mode): fall through
  }
  if (typeof navigator === 'undefined') return 'en'; // on the server: each page sets its own
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The cookie that tells the server which language to render pages in. */
export const LANGUAGE_COOKIE = 'iconocast_lang';

/** Changes the interface language and remembers it on this device. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, lng);
  } catch {
    // not remembered; still switches
  }
  if (i18n.language !== lng) await i18n.changeLanguage(lng);
}

// Only in a browser: the server renders pages with this module too (finder-ssr.tsx).
const inBrowser = typeof document !== 'undefined';

i18n.on('languageChanged', (lng) => {
  if (!inBrowser) return;
  document.documentElement.lang = lng;
  document.cookie = `${LANGUAGE_COOKIE}=${lng}; path=/; max-age=31536000; samesite=lax`;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: languages,
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
  // No promotional line in the console (our pages print nothing of a vendor's).
  showSupportNotice: false,
});
if (inBrowser) {
  document.documentElement.lang = i18n.language;
  document.cookie = `${LANGUAGE_COOKIE}=${i18n.language}; path=/; max-age=31536000; samesite=lax`;
}

export default i18n;
