import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuditService, outcomeOf } from '../audit/audit.service';
import { DomainError } from '../common';
import type { Actor } from './actor';
import { AuthService, newCsrfToken } from './auth.service';
import { destroySession, regenerateSession, saveSession } from './session.middleware';
import { SESSION_COOKIE } from './session.types';

/** Binds a successful sign-in to a fresh session (new id: no session fixation) and ends it again. */
@Injectable()
export class SignInService {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async signIn(
    req: Request,
    username: string,
    password: string,
  ): Promise<{ actor: Actor; csrfToken: string }> {
    let actor: Actor;
    try {
      actor = await this.auth.signIn(username, password);
    } catch (error) {
      // a failed sign-in is recorded under the name that was tried (staff user names, no migrant data)
      await this.audit.record({
        actor: { username: username.slice(0, 100) },
        action: 'sign-in',
        resourceType: 'session',
        outcome: outcomeOf(error),
        details: { method: 'password', code: error instanceof DomainError ? error.code : 'ERROR' },
      });
      throw error;
    }
    return this.startSession(req, actor, 'password');
  }

  /** a fresh session for the signed-in actor, with a new CSRF token (also for OIDC sign-in) */
  async startSession(
    req: Request,
    actor: Actor,
    method: 'password' | 'oidc' = 'oidc',
  ): Promise<{ actor: Actor; csrfToken: string }> {
    await regenerateSession(req);
    const csrfToken = newCsrfToken();
    req.session.userId = actor.id;
    req.session.csrfToken = csrfToken;
    await saveSession(req);
    req.user = actor;
    await this.audit.record({
      actor,
      action: 'sign-in',
      resourceType: 'session',
      outcome: 'success',
      details: { method },
    });
    return { actor, csrfToken };
  }

  async signOut(req: Request, res: { clearCookie(name: string, options: object): unknown }): Promise<void> {
    if (req.user) {
      await this.audit.record({
        actor: req.user,
        action: 'sign-out',
        resourceType: 'session',
        outcome: 'success',
      });
    }
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
