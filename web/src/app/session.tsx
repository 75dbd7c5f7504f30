import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { api, setCsrfToken, type Me } from '../lib/api.ts';
import { isLanguage, setLanguage } from '../i18n/index.ts';

export interface Session {
  /** `loading` until the first /session answer (or failure) arrives. */
  status: 'loading' | 'ready';
  user: Me | null;
  setupRequired: boolean;
  refresh(): Promise<void>;
  /** After sign-in, sign-up or setup. */
  signedIn(user: Me, csrfToken?: string): void;
  /** After an update that returns the person. */
  setUser(user: Me): void;
  signOut(): Promise<void>;
  /** After deletion: forget the person without calling the server. */
  forget(): void;
  /** A one-off message shown at the top of one page (e.g. "You are signed out" on home). */
  flash: Flash | null;
  setFlash(flash: Flash | null): void;
}

export interface Flash {
  message: string;
  /** The path it belongs to; it disappears when the person moves on. */
  path: string;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Session['status']>('loading');
  const [user, setUserState] = useState<Me | null>(null);
  const [setupRequired, setSetupRequired] = useState(false);
  const [flash, setFlash] = useState<Flash | null>(null);

  const queryClient = useQueryClient();
  /** Who the cached answers belong to; undefined until the first session answer. */
  const userId = useRef<string | null | undefined>(undefined);

  const setUser = useCallback(
    (me: Me | null) => {
      // Another person (or nobody) now: drop every cached answer and ask again, so nothing
      // loaded for the previous person can show.
      const id = me?.id ?? null;
      if (userId.current !== undefined && id !== userId.current) void queryClient.resetQueries();
      userId.current = id;
      setUserState(me);
      // The person's saved language wins over the device's.
      if (me && isLanguage(me.locale)) void setLanguage(me.locale);
    },
    [queryClient],
  );

  const refresh = useCallback(async () => {
    try {
      const s = await api.session();
      setCsrfToken(s.csrfToken);
      setUser(s.user);
      setSetupRequired(s.setupRequired);
    } catch {
      // The server could not say: treat as signed out rather than blocking the public pages.
      setUser(null);
    } finally {
      setStatus('ready');
    }
  }, [setUser]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signedIn = useCallback(
    (me: Me, token?: string) => {
      if (token) setCsrfToken(token);
      setUser(me);
      setSetupRequired(false);
      setStatus('ready');
    },
    [setUser],
  );
  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setCsrfToken(null);
      setUser(null);
      await refresh();
    }
  }, [refresh, setUser]);
  const forget = useCallback(() => {
    setCsrfToken(null);
    setUser(null);
    void refresh();
  }, [refresh, setUser]);

  const value = useMemo<Session>(
    () => ({
      status,
      user,
      setupRequired,
      refresh,
      signedIn,
      setUser,
      signOut,
      forget,
      flash,
      setFlash,
    }),
    [status, user, setupRequired, refresh, signedIn, setUser, signOut, forget, flash],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
