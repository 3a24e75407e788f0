import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpStatus,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfTokenInvalidError } from '../auth/auth.errors';
import { DomainError } from '../common/errors/domain.error';
import { ViewsService } from './views.service';

/** what the error page says */
interface PageError {
  status: number;
  heading: string;
  text: string;
}

/** "property foo should not exist" (forbidNonWhitelisted) in German; other validation messages are German already */
function germanValidationMessage(message: string): string {
  const unknown = /^property (\S+) should not exist$/.exec(message);
  return unknown ? `${unknown[1]}: Dieses Feld gibt es im Formular nicht.` : message;
}

/** the German error page for an exception of a page request, or null for one it leaves to the global filter */
export function pageErrorOf(exception: unknown): PageError | null {
  if (exception instanceof CsrfTokenInvalidError) {
    return {
      status: 403,
      heading: 'Sicherheitsprüfung fehlgeschlagen',
      text: 'Das Sicherheitstoken fehlt oder ist ungültig; es wurde nichts geändert. Bitte öffnen Sie die Seite neu.',
    };
  }
  if (exception instanceof BadRequestException) {
    const body = exception.getResponse() as { message?: unknown } | string;
    const raw = typeof body === 'object' && body !== null ? body.message : body;
    const messages = (Array.isArray(raw) ? raw : [raw]).filter((m): m is string => typeof m === 'string');
    return {
      status: 400,
      heading: 'Ungültige Eingabe',
      text: `Die Angaben konnten nicht verarbeitet werden; es wurde nichts geändert. ${[
        ...new Set(messages.map(germanValidationMessage)),
      ].join(' ')}`.trim(),
    };
  }
  if (exception instanceof DomainError) {
    if (exception.httpStatus === HttpStatus.NOT_FOUND) {
      return {
        status: 404,
        heading: 'Nicht gefunden',
        text: 'Das Gesuchte gibt es nicht (mehr). Bitte prüfen Sie die Adresse.',
      };
    }
    if (exception.httpStatus === HttpStatus.FORBIDDEN) {
      return { status: 403, heading: 'Kein Zugriff', text: exception.message };
    }
    // domain messages are German and free of personal data by design (DomainError)
    return { status: exception.httpStatus, heading: 'Das ist nicht möglich', text: exception.message };
  }
  return null;
}

/**
 * Errors of the server-rendered pages as a German page instead of the API's JSON answer: a form post
 * without a valid CSRF token (a stale page or a forged request), input no form of the page sends (with
 * the field's German message), and domain errors (no access, not found, not possible). Anything else
 * (and the sign-in redirect) goes on to the global filters. Use with `@UseFilters(PageErrorFilter)`.
 */
@Catch(DomainError, BadRequestException)
@Injectable()
export class PageErrorFilter implements ExceptionFilter {
  constructor(private readonly views: ViewsService) {}

  catch(exception: DomainError | BadRequestException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const error = pageErrorOf(exception) ?? {
      status: 500,
      heading: 'Interner Fehler',
      text: 'Das hat nicht geklappt. Bitte versuchen Sie es später erneut.',
    };
    res
      .status(error.status)
      .type('html')
      .send(this.page(req, error.heading, error.text));
  }

  private page(req: Request, heading: string, text: string): string {
    return this.views.render('task-error', {
      title: heading,
      userName: req.user?.displayName ?? null,
      csrfToken: req.session?.csrfToken ?? null,
      heading,
      text,
    });
  }
}
