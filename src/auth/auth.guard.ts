import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { hasRole, type Role } from './actor';
import { CSRF_WITHOUT_SIGN_IN, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import {
  CsrfTokenInvalidError,
  ForbiddenRoleError,
  SignInRequiredException,
  UnauthenticatedError,
} from './auth.errors';
import { AuthService, csrfTokenMatches } from './auth.service';
import { CSRF_FIELD, CSRF_HEADER } from './session.types';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isApiRequest(req: Request): boolean {
  return req.path === '/api' || req.path.startsWith('/api/');
}

/**
 * The global guard (APP_GUARD). Sets `req.user` from the session; every route needs a signed-in user
 * unless `@Public()`; `@Roles(...)` restricts further. A state-changing request of a signed-in session
 * (and the sign-in form, `@CsrfWithoutSignIn()`) must carry the session's CSRF token as form field
 * `_csrf` or header `x-csrf-token`; the field is removed from the body once checked, so DTOs need not
 * declare it. Pages without a session are redirected to /anmelden, API calls get 401.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;

    const session = req.session as Request['session'] | undefined;
    if (session?.userId) {
      const actor = await this.auth.actorFor(session.userId);
      if (actor) req.user = actor;
      else delete session.userId;
    }

    if (!req.user && !isPublic) {
      if (isApiRequest(req)) throw new UnauthenticatedError();
      throw new SignInRequiredException(req.method === 'GET' ? req.originalUrl : null);
    }

    const csrfAnyway = this.reflector.get<boolean>(CSRF_WITHOUT_SIGN_IN, context.getHandler()) ?? false;
    if (!SAFE_METHODS.has(req.method) && (req.user || csrfAnyway)) {
      await this.refuseRecorded(req, () => this.checkCsrf(req));
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !(req.user && hasRole(req.user, ...roles))) {
      await this.refuseRecorded(req, () => {
        throw new ForbiddenRoleError();
      });
    }
    return true;
  }

  /** a request refused for lack of rights or a wrong CSRF token goes into the audit trail */
  private async refuseRecorded(req: Request, check: () => void): Promise<void> {
    try {
      check();
    } catch (error) {
      await this.audit.record({
        actor: req.user ?? { username: 'anonym' },
        action: `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`.slice(
          0,
          64,
        ),
        resourceType: 'route',
        outcome: 'denied',
        details: { code: (error as { code?: string }).code ?? 'ERROR' },
      });
      throw error;
    }
  }

  private checkCsrf(req: Request): void {
    const body = req.body as Record<string, unknown> | undefined;
    const presented =
      req.header(CSRF_HEADER) ?? (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined);
    const session = req.session as Request['session'] | undefined;
    if (!csrfTokenMatches(session?.csrfToken, presented)) throw new CsrfTokenInvalidError();
    if (body && typeof body === 'object') delete body[CSRF_FIELD];
  }
}
