import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER } from './common';
import type { AppConfig } from './config/app.config';

/**
 * The HTTP hardening (issue 7 § 3): security headers with a Content-Security-Policy that lets scripts
 * come only from the platform itself (the pages' bundles in /assets; the JSON data blocks of the pages
 * are not scripts), rate limits on sign-in and on the API, and CORS closed unless CORS_ORIGINS names
 * origins. Session id regeneration at sign-in, body size limits and "trust proxy" live with the
 * session (auth.module.ts), the parsers (Nest's 100 kB; the editor's 2 MB in modeler-body-parser.ts).
 */
export function useSecurity(app: INestApplication, config: AppConfig): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // the pages' <style> blocks and the diagram and form libraries' style attributes
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // https only when the platform itself is reached over TLS (behind a proxy: TRUST_PROXY)
      strictTransportSecurity: false,
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });

  const origins = config.CORS_ORIGINS.split(',').filter(Boolean);
  if (origins.length) app.enableCors({ origin: origins, credentials: true });

  const limited = (message: string) => (req: Request, res: Response) => {
    const correlationId = randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    res.status(429).json({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message, correlationId });
  };
  app.use(
    ['/api/auth/login', '/anmelden'],
    rateLimit({
      windowMs: 10 * 60_000,
      limit: config.RATE_LIMIT_SIGN_IN,
      // only the attempts (the sign-in form itself may be shown)
      skip: (req) => req.method !== 'POST',
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: limited(
        'Zu viele Anmeldeversuche von dieser Adresse; bitte in einigen Minuten erneut versuchen.',
      ),
    }),
  );
  app.use(
    '/api',
    rateLimit({
      windowMs: 60_000,
      limit: config.RATE_LIMIT_API,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: limited('Zu viele Anfragen von dieser Adresse; bitte kurz warten und erneut versuchen.'),
    }),
  );
}
