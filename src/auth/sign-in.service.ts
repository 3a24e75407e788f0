import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from './actor';
import { AuthService, newCsrfToken } from './auth.service';
import { destroySession, regenerateSession, saveSession } from './session.middleware';
import { SESSION_COOKIE } from './session.types';

/** Binds a successful sign-in to a fresh session (new id: no session fixation) and ends it again. */
@Injectable()
export class SignInService {
  constructor(private readonly auth: AuthService) {}

  async signIn(
    req: Request,
    username: string,
    password: string,
  ): Promise<{ actor: Actor; csrfToken: string }> {
    const actor = await this.auth.signIn(username, password);
    return this.startSession(req, actor);
  }

  /** a fresh session for the signed-in actor, with a new CSRF token (also for OIDC sign-in) */
  async startSession(req: Request, actor: Actor): Promise<{ actor: Actor; csrfToken: string }> {
    await regenerateSession(req);
    const csrfToken = newCsrfToken();
    req.session.userId = actor.id;
    req.session.csrfToken = csrfToken;
    await saveSession(req);
    req.user = actor;
    return { actor, csrfToken };
  }

  async signOut(req: Request, res: { clearCookie(name: string, options: object): unknown }): Promise<void> {
    await destroySession(req);
    delete req.user;
    res.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
  }

  /** the session's CSRF token, creating a (pre-sign-in) session for the sign-in form if needed */
  async formToken(req: Request): Promise<string> {
    if (!req.session.csrfToken) {
      req.session.csrfToken = newCsrfToken();
      await saveSession(req);
    }
    return req.session.csrfToken;
  }
}
