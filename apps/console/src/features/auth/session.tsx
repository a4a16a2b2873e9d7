/** Who is signed in: the session cookie is the credential; the CSRF token lives only in memory. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { LoginResult, User } from "@tandem/contracts";
import { api, ApiError, patch, post, setCsrfToken, setUnauthorizedHandler } from "../../lib/api";
import { queryClient } from "../../lib/queryClient";
import { useTranslation } from "react-i18next";
import { changeLanguage, pickLanguage, type Language } from "../../i18n";

type State = { status: "checking" } | { status: "anonymous" } | { status: "signedIn"; user: User };

interface Session {
  state: State;
  language: Language;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  setLanguage: (lang: Language) => void;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: "checking" });
  // The language lives in i18next (set from navigator.language at start-up); this re-renders on a change.
  const { i18n } = useTranslation();
  const language = pickLanguage(i18n.language);

  const signedIn = useCallback((user: User, csrf: string | null) => {
    setCsrfToken(csrf);
    changeLanguage(pickLanguage(user.locale));
    setState({ status: "signedIn", user });
  }, []);

  useEffect(() => {
    let cancelled = false;
    api<{ user: User; csrfToken: string | null }>("GET", "/api/v1/auth/me", undefined, { quietUnauthorized: true })
      .then((me) => !cancelled && signedIn(me.user, me.csrfToken))
      .catch(() => !cancelled && setState({ status: "anonymous" }));
    return () => {
      cancelled = true;
    };
  }, [signedIn]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queryClient.clear();
      setState({ status: "anonymous" });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(
    async (email: string, password: string) => {
      const result = await api<LoginResult>("POST", "/api/v1/auth/login", { email, password }, { quietUnauthorized: true });
      queryClient.clear();
      signedIn(result.user, result.csrfToken);
    },
    [signedIn],
  );

  const logout = useCallback(async () => {
    try {
      await post("/api/v1/auth/logout");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setCsrfToken(null);
    queryClient.clear();
    setState({ status: "anonymous" });
  }, []);

  const setLanguage = useCallback(
    (lang: Language) => {
      changeLanguage(lang);
      if (state.status === "signedIn" && state.user.locale !== lang) {
        const user = state.user;
        setState({ status: "signedIn", user: { ...user, locale: lang } });
        // Remembered per user; a failure only means the choice is not kept for next time.
        patch<User>("/api/v1/auth/me", { locale: lang }).catch(() => undefined);
      }
    },
    [state],
  );

  return <Ctx.Provider value={{ state, language, login, logout, setLanguage }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

/** The signed-in user; only for screens behind the login. */
export function useMe(): User {
  const { state } = useSession();
  if (state.status !== "signedIn") throw new Error("useMe without a signed-in user");
  return state.user;
}

export const isPartner = (u: User) => u.role === "partner_agent";
export const isAdmin = (u: User) => u.role === "admin";
/** Who has a supervisor's home (the server allows supervisors and admins). */
export const isSupervisor = (u: User) => u.role === "supervisor" || u.role === "admin";
