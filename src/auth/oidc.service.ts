import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type * as OpenIdClient from 'openid-client';
import { AppConfig } from '../config/app.config';
import type { Actor } from './actor';
import { toActor } from './auth.service';
import { profileFromClaims, type OidcProfile } from './oidc.claims';
import { saveSession } from './session.middleware';
import { SignInService } from './sign-in.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

declare module 'express-session' {
  interface SessionData {
    /** a started OIDC sign-in: the checks of the authorization response (single use) */
    oidc?: { state: string; nonce: string; codeVerifier: string; returnTo: string | null };
  }
}

/** a refused or failed OIDC sign-in; the message is German and shown on the sign-in page */
export class OidcSignInError extends Error {
  constructor(
    message: string,
    readonly status: HttpStatus,
  ) {
    super(message);
    this.name = 'OidcSignInError';
  }
}

const FAILED = 'Die Anmeldung mit dem Dienstkonto ist fehlgeschlagen. Bitte versuchen Sie es erneut.';
const UNAVAILABLE =
  'Der Identitätsanbieter ist derzeit nicht erreichbar. Bitte versuchen Sie es später erneut.';
const TAKEN =
  'Anmeldung abgelehnt: Der Benutzername Ihres Dienstkontos gehört bereits zu einem anderen Konto der Plattform. Bitte wenden Sie sich an die Administration.';
const INACTIVE =
  'Anmeldung abgelehnt: Ihr Konto ist deaktiviert. Bitte wenden Sie sich an die Administration.';

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() that TS does not rewrite to require()
const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

/**
 * openid-client 6 is ESM only. Outside jest a native dynamic import loads it; jest's CommonJS runtime
 * has no dynamic-import callback, there the (transpiled) package comes through require.
 */
async function loadOpenIdClient(): Promise<typeof OpenIdClient> {
  try {
    return (await nativeImport('openid-client')) as typeof OpenIdClient;
  } catch (error) {
    if (!String((error as { code?: unknown })?.code).startsWith('ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING'))
      throw error;
    return import('openid-client');
  }
}

function sameText(a: string, b: unknown): boolean {
  if (typeof b !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Optional sign-in through the municipality's identity provider (issue 4 § 1): authorization code flow
 * with PKCE (S256), state and nonce. Roles and units come from OIDC_ROLES_CLAIM and OIDC_UNITS_CLAIM;
 * the user is kept as a local account without password (marked by its OIDC subject) and signed in with
 * the same session as a local sign-in. Logs carry user ids and reasons, never tokens, codes or claims.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private configuration?: Promise<{ client: typeof OpenIdClient; config: OpenIdClient.Configuration }>;

  constructor(
    private readonly appConfig: AppConfig,
    private readonly em: EntityManager,
    private readonly users: UsersRepository,
    private readonly signIn: SignInService,
  ) {}

  get enabled(): boolean {
    return this.appConfig.oidcEnabled;
  }

  /** the provider's authorization URL for a new sign-in; the checks are kept in the session */
  async authorizationUrl(req: Request, returnTo: string | null): Promise<string> {
    const { client, config } = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    req.session.oidc = { state, nonce, codeVerifier, returnTo };
    await saveSession(req);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.appConfig.OIDC_REDIRECT_URL ?? '',
      scope: this.appConfig.OIDC_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return url.href;
  }

  /** the provider's answer at OIDC_REDIRECT_URL: checks it, provisions the user, starts the session */
  async complete(req: Request): Promise<{ actor: Actor; returnTo: string | null }> {
    const pending = req.session.oidc;
    delete req.session.oidc;
    const query = req.query as Record<string, unknown>;
    if (!pending || !sameText(pending.state, query.state)) {
      this.logger.warn({
        msg: 'oidc sign-in refused',
        reason: pending ? 'state-mismatch' : 'no-pending-sign-in',
      });
      throw new OidcSignInError(FAILED, HttpStatus.BAD_REQUEST);
    }
    const { client, config } = await this.discover();
    const currentUrl = new URL(this.appConfig.OIDC_REDIRECT_URL ?? '');
    const q = req.originalUrl.indexOf('?');
    currentUrl.search = q >= 0 ? req.originalUrl.slice(q) : '';

    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      const userInfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...userInfo, ...idClaims };
    } catch (error) {
      this.logger.warn({
        msg: 'oidc sign-in failed',
        errorType: (error as Error)?.name,
        errorCode: (error as { code?: string; error?: string })?.error ?? (error as { code?: string })?.code,
      });
      throw new OidcSignInError(FAILED, HttpStatus.BAD_REQUEST);
    }

    const result = profileFromClaims(claims, {
      rolesClaim: this.appConfig.OIDC_ROLES_CLAIM,
      unitsClaim: this.appConfig.OIDC_UNITS_CLAIM,
    });
    if (!result.ok) {
      this.logger.warn({ msg: 'oidc sign-in refused', reason: result.reason });
      throw new OidcSignInError(result.message, HttpStatus.FORBIDDEN);
    }
    if (result.ignoredValues > 0) {
      this.logger.log({ msg: 'oidc claims: unknown roles or units ignored', count: result.ignoredValues });
    }
    const user = await this.provision(result.profile);
    const { actor } = await this.signIn.startSession(req, toActor(user));
    this.logger.log({ msg: 'signed in', via: 'oidc', userId: user.id });
    return { actor, returnTo: pending.returnTo };
  }

  /** creates or updates the local account of the OIDC subject (roles, units and name from the claims) */
  private async provision(profile: OidcProfile): Promise<User> {
    let user = await this.users.findByOidcSubject(profile.subject);
    const sameName = await this.users.findByUsername(profile.username);
    if (sameName && sameName !== user) {
      this.logger.warn({ msg: 'oidc sign-in refused', reason: 'username-taken', userId: sameName.id });
      throw new OidcSignInError(TAKEN, HttpStatus.FORBIDDEN);
    }
    if (user && !user.active) {
      this.logger.warn({ msg: 'oidc sign-in refused', reason: 'inactive', userId: user.id });
      throw new OidcSignInError(INACTIVE, HttpStatus.FORBIDDEN);
    }
    if (!user) {
      user = this.em.create(User, {
        username: profile.username,
        displayName: profile.displayName,
        passwordHash: null,
        oidcSubject: profile.subject,
        roles: profile.roles,
        units: profile.units,
      });
      this.logger.log({ msg: 'oidc account created', userId: user.id });
    } else {
      user.username = profile.username;
      user.displayName = profile.displayName;
      user.roles = profile.roles;
      user.units = profile.units;
    }
    user.lastLoginAt = new Date();
    await this.em.flush();
    return user;
  }

  private discover(): Promise<{ client: typeof OpenIdClient; config: OpenIdClient.Configuration }> {
    this.configuration ??= this.runDiscovery().catch((error: unknown) => {
      this.configuration = undefined;
      this.logger.warn({ msg: 'oidc discovery failed', errorType: (error as Error)?.name });
      throw new OidcSignInError(UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);
    });
    return this.configuration;
  }

  private async runDiscovery(): Promise<{ client: typeof OpenIdClient; config: OpenIdClient.Configuration }> {
    const client = await loadOpenIdClient();
    const issuer = new URL(this.appConfig.OIDC_ISSUER_URL ?? '');
    // plain http only towards a provider on this machine (tests, development); config enforces the same
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    const config = await client.discovery(
      issuer,
      this.appConfig.OIDC_CLIENT_ID ?? '',
      undefined,
      client.ClientSecretBasic(this.appConfig.OIDC_CLIENT_SECRET ?? ''),
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    if (insecure) client.allowInsecureRequests(config);
    return { client, config };
  }
}
