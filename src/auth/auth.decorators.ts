import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Role } from './actor';
import { UnauthenticatedError } from './auth.errors';

export const IS_PUBLIC = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const CSRF_WITHOUT_SIGN_IN = 'auth:csrf-without-sign-in';

/** reachable without sign-in */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** only users with one of these roles */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

/** check the CSRF token even before sign-in (the sign-in form: against login CSRF) */
export const CsrfWithoutSignIn = (): MethodDecorator => SetMetadata(CSRF_WITHOUT_SIGN_IN, true);

/** the signed-in user (the route must not be @Public) */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const user = ctx.switchToHttp().getRequest<Request>().user;
  if (!user) throw new UnauthenticatedError();
  return user;
});
