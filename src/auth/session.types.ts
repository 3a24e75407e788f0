import type { Actor } from './actor';

declare module 'express-session' {
  interface SessionData {
    /** the signed-in user (absent before sign-in) */
    userId?: string;
    /** the per-session CSRF token (form field `_csrf`, header `x-csrf-token`) */
    csrfToken?: string;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** the signed-in user, set by AuthGuard */
      user?: Actor;
    }
  }
}

export const SESSION_COOKIE = 'mia.sid';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';
