import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError } from '../errors/domain.error';
import { JsonLogger } from '../logging/json-logger';

export const CORRELATION_HEADER = 'x-correlation-id';

export interface ErrorBody {
  code: string;
  message: string | string[];
  correlationId: string;
  details?: Record<string, string | number | boolean>;
  /** field errors of a form (FORM_INVALID) */
  errors?: unknown[];
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Maps every error to `{ code, message, correlationId }`. Domain errors keep their code; HTTP errors
 * get a code from their status (validation errors: VALIDATION_FAILED); anything else is a 500
 * INTERNAL_ERROR whose internals are hidden from the client and logged by type only.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request>();
    const response = ctx.getResponse<Response>();
    const incoming = request.headers?.[CORRELATION_HEADER];
    const correlationId =
      typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(incoming) ? incoming : randomUUID();

    const { status, body } = this.toBody(exception, correlationId);
    const fields = {
      correlationId,
      status,
      code: body.code,
      method: request.method,
      route: (request.route as { path?: string } | undefined)?.path,
      errorType: exception instanceof Error ? exception.name : typeof exception,
    };
    if (status >= 500) this.logger.emit('error', 'request failed', 'HTTP', fields);
    else this.logger.emit('debug', 'request rejected', 'HTTP', fields);

    response.setHeader(CORRELATION_HEADER, correlationId);
    response.status(status).json(body);
  }

  private toBody(exception: unknown, correlationId: string): { status: number; body: ErrorBody } {
    if (exception instanceof DomainError) {
      return {
        status: exception.httpStatus,
        body: {
          code: exception.code,
          message: exception.message,
          correlationId,
          details: exception.details,
          // field-by-field messages of a form (e.g. FORM_INVALID): keys, labels and German texts, no values
          ...('errors' in exception && Array.isArray(exception.errors)
            ? { errors: exception.errors as unknown[] }
            : {}),
        },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      let message: string | string[] = exception.message;
      let code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR');
      if (typeof res === 'object' && res !== null) {
        const m = (res as { message?: unknown }).message;
        if (typeof m === 'string' || (Array.isArray(m) && m.every((x) => typeof x === 'string'))) {
          message = m as string | string[];
        }
        const c = (res as { code?: unknown }).code;
        if (typeof c === 'string') code = c;
        else if (status === 400 && Array.isArray(m)) code = 'VALIDATION_FAILED';
      }
      return { status, body: { code, message, correlationId } };
    }
    // the body parsers' errors (raised before Nest's routing): too large or not parseable
    const parserError = (exception as { type?: unknown } | null)?.type;
    if (parserError === 'entity.too.large') {
      return {
        status: HttpStatus.PAYLOAD_TOO_LARGE,
        body: {
          code: 'PAYLOAD_TOO_LARGE',
          message: 'Der Anfragetext ist zu groß (höchstens 100 kB).',
          correlationId,
        },
      };
    }
    if (parserError === 'entity.parse.failed' || parserError === 'charset.unsupported') {
      return {
        status: HttpStatus.BAD_REQUEST,
        body: {
          code: 'BAD_REQUEST',
          message: 'Der Anfragetext ist nicht lesbar (kein gültiges JSON oder Formular).',
          correlationId,
        },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { code: 'INTERNAL_ERROR', message: 'Interner Fehler', correlationId },
    };
  }
}
