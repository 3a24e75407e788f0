import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { SignInRequiredException } from './auth.errors';

/** a relative path on this site, nothing that could lead elsewhere */
export function safeReturnPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : null;
}

/** Pages requested without a session: 303 to the sign-in page, remembering where to go back. */
@Catch(SignInRequiredException)
export class SignInRedirectFilter implements ExceptionFilter {
  catch(exception: SignInRequiredException, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const back = safeReturnPath(exception.returnTo);
    const target = back && back !== '/' ? `/anmelden?ziel=${encodeURIComponent(back)}` : '/anmelden';
    res.redirect(303, target);
  }
}
