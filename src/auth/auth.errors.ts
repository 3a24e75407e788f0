import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '../common/errors/domain.error';

/** One answer for unknown user, wrong password, inactive or locked account: no user enumeration. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  override readonly httpStatus = HttpStatus.UNAUTHORIZED;

  constructor() {
    super(
      'Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch, oder das Konto ist vorübergehend gesperrt.',
    );
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  override readonly httpStatus = HttpStatus.UNAUTHORIZED;

  constructor() {
    super('Bitte melden Sie sich an.');
  }
}

export class ForbiddenRoleError extends DomainError {
  readonly code = 'FORBIDDEN';
  override readonly httpStatus = HttpStatus.FORBIDDEN;

  constructor() {
    super('Für diese Aktion fehlt Ihnen die Berechtigung.');
  }
}

export class CsrfTokenInvalidError extends DomainError {
  readonly code = 'CSRF_TOKEN_INVALID';
  override readonly httpStatus = HttpStatus.FORBIDDEN;

  constructor() {
    super('Das Sicherheitstoken fehlt oder ist ungültig. Bitte laden Sie die Seite neu.');
  }
}

/** Thrown by the guard for a page request without a session; SignInRedirectFilter redirects it. */
export class SignInRequiredException extends HttpException {
  constructor(readonly returnTo: string | null) {
    super('Anmeldung erforderlich', HttpStatus.SEE_OTHER);
  }
}
