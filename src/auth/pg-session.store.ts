import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Store, type SessionData } from 'express-session';
import { AppConfig } from '../config/app.config';

const PURGE_INTERVAL_MS = 10 * 60_000;

type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * express-session store on the `http_session` table. Expired sessions are never returned and are
 * deleted every ten minutes (and by `purgeExpired()`).
 */
@Injectable()
export class PgSessionStore extends Store implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PgSessionStore.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly orm: MikroORM,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.purgeExpired().catch((error: unknown) =>
        this.logger.warn({ msg: 'purging expired sessions failed', errorType: (error as Error)?.name }),
      );
    }, PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purgeExpired(): Promise<number> {
    const rows = await this.sql<{ sid: string }[]>(
      `delete from "http_session" where "expires_at" <= now() returning "sid"`,
      [],
    );
    return rows.length;
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.sql<{ data: SessionData }[]>(
      `select "data" from "http_session" where "sid" = ? and "expires_at" > now()`,
      [sid],
    ).then(
      (rows) => callback(null, rows[0]?.data ?? null),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    this.sql(
      `insert into "http_session" ("sid", "data", "expires_at") values (?, ?::jsonb, ?) ` +
        `on conflict ("sid") do update set "data" = excluded."data", "expires_at" = excluded."expires_at"`,
      [sid, JSON.stringify(session), this.expiry(session)],
    ).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    this.sql(`update "http_session" set "expires_at" = ? where "sid" = ?`, [this.expiry(session), sid]).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.sql(`delete from "http_session" where "sid" = ?`, [sid]).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  private expiry(session: SessionData): Date {
    const expires = session.cookie?.expires;
    if (expires) return new Date(expires);
    return new Date(Date.now() + this.config.SESSION_TTL_MINUTES * 60_000);
  }

  private async sql<T = unknown>(query: string, params: unknown[]): Promise<T> {
    const rows = await this.orm.em.getConnection().execute<Record<string, unknown>[]>(query, params, 'all');
    return rows as T;
  }
}
