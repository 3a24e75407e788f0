import { MiddlewareConsumer, Module, NestModule, OnModuleInit, RequestMethod } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { Express } from 'express';
import { AppConfig } from '../config/app.config';
import { WebModule } from '../web/web.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { DemoUsersService } from './demo-users.service';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { PgSessionStore } from './pg-session.store';
import { SessionMiddleware } from './session.middleware';
import { SignInPageController } from './sign-in-page.controller';
import { SignInService } from './sign-in.service';
import { UsersRepository } from './users.repository';

/** Express "trust proxy" from TRUST_PROXY: true/false, a hop count, or addresses/subnets */
export function trustProxySetting(value: string): boolean | number | string {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number.parseInt(v, 10);
  return value.trim();
}

/**
 * Sign-in, sessions, CSRF and the global guard (issue 4 § 1). Every route needs a signed-in user
 * unless `@Public()`; `@Roles()` restricts; `@CurrentUser()` gives the Actor.
 */
@Module({
  imports: [WebModule],
  controllers: [AuthController, SignInPageController, OidcController],
  providers: [
    UsersRepository,
    AuthService,
    SignInService,
    PgSessionStore,
    SessionMiddleware,
    DemoUsersService,
    OidcService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, DemoUsersService],
})
export class AuthModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SessionMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance<Express>();
    if (instance && typeof instance.set === 'function') {
      instance.set('trust proxy', trustProxySetting(this.config.TRUST_PROXY));
    }
  }
}
