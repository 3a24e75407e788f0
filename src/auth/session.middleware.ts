import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app.config';
import { PgSessionStore } from './pg-session.store';
import { SESSION_COOKIE } from './session.types';

/**
 * express-session on PgSessionStore: cookie httpOnly, SameSite=Lax, `secure` when the request came
 * over TLS (req.secure, which honours TRUST_PROXY), sliding expiry of SESSION_TTL_MINUTES.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  private readonly handler: RequestHandler;

  constructor(store: PgSessionStore, config: AppConfig) {
    let secret = config.SESSION_SECRET;
    if (!secret) {
      secret = randomBytes(32).toString('base64url');
      new Logger(SessionMiddleware.name).warn({
        msg: 'SESSION_SECRET is not set: using a random secret, sessions end when the platform restarts',
      });
    }
    this.handler = session({
      name: SESSION_COOKIE,
      secret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: 'auto',
        path: '/',
        maxAge: config.SESSION_TTL_MINUTES * 60_000,
      },
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    this.handler(req, res, next);
  }
}

export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => (err ? reject(asError(err)) : resolve())),
  );
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.save((err) => (err ? reject(asError(err)) : resolve())),
  );
}

export function destroySession(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.session.destroy((err) => (err ? reject(asError(err)) : resolve())),
  );
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
