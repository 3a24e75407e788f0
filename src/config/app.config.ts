import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number.parseInt(value, 10) : value;

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off', ''].includes(v)) return false;
  return value;
};

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * The platform's configuration, read once from the environment and validated. Nothing outside
 * src/config reads process.env (tests and bench excepted).
 */
export class AppConfig {
  /** HTTP port of the platform (default 3000) */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** PostgreSQL connection string; unset → embedded PostgreSQL with data in .data/postgres */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  /** host:port (or grpc(s)://host:port) of a Zeebe gateway; unset → embedded engine in-process */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^((grpcs?):\/\/)?[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, {
    message: 'ZEEBE_ADDRESS must be host:port or grpc(s)://host:port',
  })
  ZEEBE_ADDRESS?: string;

  /** port of the standalone engine (`npm run engine`), default 26500 */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  ENGINE_PORT: number = 26500;

  /** interface the standalone engine binds to, default loopback; any other needs TLS and a token */
  @IsString()
  ENGINE_HOST: string = '127.0.0.1';

  /** standalone engine: PEM certificate (chain) file for TLS on its gRPC port (with ENGINE_TLS_KEY) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ENGINE_TLS_CERT?: string;

  /** standalone engine: PEM private key file for ENGINE_TLS_CERT */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ENGINE_TLS_KEY?: string;

  /** standalone engine: bearer token every gRPC call must carry (at least 32 characters) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^\S{32,}$/, { message: 'ENGINE_TOKEN must be at least 32 characters without spaces' })
  ENGINE_TOKEN?: string;

  /** standalone engine: file holding that token instead (first line), e.g. a container secret */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ENGINE_TOKEN_FILE?: string;

  /** OAuth client id for a secured Zeebe (with ZEEBE_CLIENT_SECRET and ZEEBE_AUTHORIZATION_SERVER_URL) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ZEEBE_CLIENT_ID?: string;

  /** OAuth client secret for a secured Zeebe */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ZEEBE_CLIENT_SECRET?: string;

  /** OAuth token endpoint, e.g. https://login.cloud.camunda.io/oauth/token */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  ZEEBE_AUTHORIZATION_SERVER_URL?: string;

  /** OAuth audience of the Zeebe token (default zeebe.camunda.io) */
  @IsString()
  ZEEBE_TOKEN_AUDIENCE: string = 'zeebe.camunda.io';

  /** TLS towards ZEEBE_ADDRESS (default false: plaintext) */
  @Transform(toBool)
  @IsBoolean()
  ZEEBE_SECURE_CONNECTION: boolean = false;

  /** static bearer token sent with every call to ZEEBE_ADDRESS (e.g. the standalone engine's ENGINE_TOKEN); needs TLS */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ZEEBE_BEARER_TOKEN?: string;

  /** PEM file of a CA or self-signed certificate to trust for TLS towards ZEEBE_ADDRESS (besides the system CAs) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ZEEBE_ROOT_CERT_PATH?: string;

  /** log level: error, warn, info, debug (default info) */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** load demonstration data at start-up (default: true with the embedded PostgreSQL, else false; never in production) */
  @Transform(toBool)
  @IsBoolean()
  DEMO_DATA: boolean = false;

  /** run the task collector, which keeps Zeebe's job-based user tasks as task rows (default true) */
  @Transform(toBool)
  @IsBoolean()
  TASK_COLLECTOR: boolean = true;

  /** how long the collector holds a user-task job activated before extending it, in ms (default 1 h) */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  TASK_JOB_TIMEOUT_MS: number = 3_600_000;

  /** run the daily GDPR erasure job (once per engine day; admins can also start it) (default true) */
  @Transform(toBool)
  @IsBoolean()
  RETENTION_JOB: boolean = true;

  /** run the deadline escalation check (reminders, due-day escalation, daily overdue list) (default true) */
  @Transform(toBool)
  @IsBoolean()
  DEADLINE_ESCALATION_JOB: boolean = true;

  /** failed sign-ins in a row after which an account is locked (default 5) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_MAX_FAILED_ATTEMPTS: number = 5;

  /** minutes an account stays locked after AUTH_MAX_FAILED_ATTEMPTS failures (default 15) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTH_LOCKOUT_MINUTES: number = 15;

  /** minutes of inactivity after which a session expires (default 480 = one working day) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_TTL_MINUTES: number = 480;

  /** secret signing the session cookie (at least 32 characters); unset → random per start (sessions end on restart) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: 'SESSION_SECRET must be at least 32 characters' })
  SESSION_SECRET?: string;

  /** Express "trust proxy" behind a TLS-terminating proxy: false, true, a hop count or addresses (default false) */
  @IsString()
  TRUST_PROXY: string = 'false';

  /** sign-in attempts per client address and 10 minutes (on top of the account lock-out; default 60) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_SIGN_IN: number = 60;

  /** API requests per client address and minute (default 1200) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_API: number = 1200;

  /** origins allowed to call the API from a browser (comma-separated); empty = none (CORS closed) */
  @IsString()
  @Matches(/^(https?:\/\/[^,\s]+)?(,https?:\/\/[^,\s]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS: string = '';

  /** OIDC sign-in: issuer of the municipality's identity provider (https; http only on loopback) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_ISSUER_URL?: string;

  /** OIDC sign-in: client id of the platform at the identity provider */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** OIDC sign-in: client secret (client_secret_basic) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** OIDC sign-in: the redirect URI registered at the provider, ending in /anmelden/oidc/rueckkehr */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_REDIRECT_URL?: string;

  /** OIDC sign-in: scopes requested (default "openid profile"; add the scope that releases roles and units) */
  @IsString()
  @Matches(/(^|\s)openid(\s|$)/, { message: 'OIDC_SCOPES must contain openid' })
  OIDC_SCOPES: string = 'openid profile';

  /** OIDC sign-in: claim with the user's roles (caseworker, team-lead, process-manager, quality, admin) */
  @IsString()
  @Matches(/^\S+$/, { message: 'OIDC_ROLES_CLAIM must be a claim name' })
  OIDC_ROLES_CLAIM: string = 'roles';

  /** OIDC sign-in: claim with the user's agency units (ABH, LG, UV, …) */
  @IsString()
  @Matches(/^\S+$/, { message: 'OIDC_UNITS_CLAIM must be a claim name' })
  OIDC_UNITS_CLAIM: string = 'units';

  /** notifications by e-mail: SMTP server as smtp(s)://[user:pass@]host:port; unset (and no SMTP_HOST) → no e-mails */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** notifications by e-mail: SMTP host (instead of SMTP_URL) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  /** notifications by e-mail: SMTP port with SMTP_HOST (default 587) */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT: number = 587;

  /** notifications by e-mail: sender address */
  @IsString()
  SMTP_FROM: string = 'MiA Prozessplattform <noreply@localhost>';

  /** the platform's address as users reach it, for links in e-mails (default http://localhost:PORT) */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  /** hour (Europe/Berlin, engine clock) from which the daily notification digest is sent (default 7) */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  NOTIFICATION_DIGEST_HOUR: number = 7;

  /** run the notification e-mail scheduler (digest, retries) every minute (default true) */
  @Transform(toBool)
  @IsBoolean()
  NOTIFICATION_JOBS: boolean = true;

  /** true when OIDC sign-in is configured */
  get oidcEnabled(): boolean {
    return Boolean(
      this.OIDC_ISSUER_URL && this.OIDC_CLIENT_ID && this.OIDC_CLIENT_SECRET && this.OIDC_REDIRECT_URL,
    );
  }

  /** true when an OAuth client is configured for Zeebe */
  get zeebeOAuth(): boolean {
    return Boolean(this.ZEEBE_CLIENT_ID && this.ZEEBE_CLIENT_SECRET && this.ZEEBE_AUTHORIZATION_SERVER_URL);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const KEYS: readonly string[] = [
  'PORT',
  'DATABASE_URL',
  'ZEEBE_ADDRESS',
  'ENGINE_PORT',
  'ENGINE_HOST',
  'ENGINE_TLS_CERT',
  'ENGINE_TLS_KEY',
  'ENGINE_TOKEN',
  'ENGINE_TOKEN_FILE',
  'ZEEBE_BEARER_TOKEN',
  'ZEEBE_ROOT_CERT_PATH',
  'ZEEBE_CLIENT_ID',
  'ZEEBE_CLIENT_SECRET',
  'ZEEBE_AUTHORIZATION_SERVER_URL',
  'ZEEBE_TOKEN_AUDIENCE',
  'ZEEBE_SECURE_CONNECTION',
  'LOG_LEVEL',
  'DEMO_DATA',
  'TASK_COLLECTOR',
  'TASK_JOB_TIMEOUT_MS',
  'RETENTION_JOB',
  'DEADLINE_ESCALATION_JOB',
  'AUTH_MAX_FAILED_ATTEMPTS',
  'AUTH_LOCKOUT_MINUTES',
  'SESSION_TTL_MINUTES',
  'SESSION_SECRET',
  'TRUST_PROXY',
  'RATE_LIMIT_SIGN_IN',
  'RATE_LIMIT_API',
  'CORS_ORIGINS',
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URL',
  'OIDC_SCOPES',
  'OIDC_ROLES_CLAIM',
  'OIDC_UNITS_CLAIM',
  'SMTP_URL',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_FROM',
  'PUBLIC_URL',
  'NOTIFICATION_DIGEST_HOUR',
  'NOTIFICATION_JOBS',
];

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [...Object.values(e.constraints ?? {}), ...flatten(e.children ?? [])]);
}

/**
 * Validates the given environment (default: process.env) and returns the config object.
 * Only the variables AppConfig declares are read; unknown variables are ignored. Values are never
 * echoed in errors (they may be secrets).
 */
/**
 * The config of a command that needs some settings of its own: `defaults` where the environment says
 * nothing, `overrides` whatever it says (e.g. the demo seed: no task collector).
 */
export function loadConfigWith(
  overrides: Record<string, string>,
  defaults: Record<string, string> = {},
): AppConfig {
  return loadConfig({ ...defaults, ...process.env, ...overrides });
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const plain: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = env[key];
    if (value !== undefined) plain[key] = value;
  }
  const config = plainToInstance(AppConfig, plain);
  // the embedded default (no DATABASE_URL) is the demonstration setup: load demo data unless told otherwise
  if (plain.DEMO_DATA === undefined) config.DEMO_DATA = !config.DATABASE_URL;
  const problems = flatten(validateSync(config, { whitelist: true, forbidUnknownValues: true }));
  if (config.ZEEBE_CLIENT_ID || config.ZEEBE_CLIENT_SECRET || config.ZEEBE_AUTHORIZATION_SERVER_URL) {
    if (!config.zeebeOAuth) {
      problems.push(
        'ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET and ZEEBE_AUTHORIZATION_SERVER_URL must be set together',
      );
    }
    if (!config.ZEEBE_ADDRESS) problems.push('Zeebe OAuth settings need ZEEBE_ADDRESS');
  }
  problems.push(...engineSecurityProblems(config));
  problems.push(...oidcProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** TLS and token settings of the standalone engine and of the client towards ZEEBE_ADDRESS */
function engineSecurityProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (Boolean(config.ENGINE_TLS_CERT) !== Boolean(config.ENGINE_TLS_KEY)) {
    problems.push('ENGINE_TLS_CERT and ENGINE_TLS_KEY must be set together');
  }
  if (config.ENGINE_TOKEN && config.ENGINE_TOKEN_FILE) {
    problems.push('ENGINE_TOKEN and ENGINE_TOKEN_FILE exclude each other');
  }
  const tls = config.ZEEBE_SECURE_CONNECTION || /^grpcs:\/\//.test(config.ZEEBE_ADDRESS ?? '');
  for (const key of ['ZEEBE_BEARER_TOKEN', 'ZEEBE_ROOT_CERT_PATH'] as const) {
    if (!config[key]) continue;
    if (!config.ZEEBE_ADDRESS) problems.push(`${key} needs ZEEBE_ADDRESS`);
    else if (!tls)
      problems.push(`${key} needs TLS: grpcs:// in ZEEBE_ADDRESS or ZEEBE_SECURE_CONNECTION=true`);
  }
  if (config.ZEEBE_BEARER_TOKEN && config.zeebeOAuth) {
    problems.push('ZEEBE_BEARER_TOKEN and the Zeebe OAuth settings exclude each other');
  }
  return problems;
}

/** OIDC settings come all or none; issuer and redirect need TLS except on the loopback interface */
function oidcProblems(config: AppConfig): string[] {
  const set = [
    config.OIDC_ISSUER_URL,
    config.OIDC_CLIENT_ID,
    config.OIDC_CLIENT_SECRET,
    config.OIDC_REDIRECT_URL,
  ];
  if (set.every((v) => !v)) return [];
  if (!config.oidcEnabled) {
    return ['OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL must be set together'];
  }
  const problems: string[] = [];
  for (const [key, value] of [
    ['OIDC_ISSUER_URL', config.OIDC_ISSUER_URL],
    ['OIDC_REDIRECT_URL', config.OIDC_REDIRECT_URL],
  ] as const) {
    const url = URL.canParse(value ?? '') ? new URL(value ?? '') : null;
    if (url && url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
      problems.push(`${key} must use https (http only on localhost)`);
    }
  }
  const redirect = URL.canParse(config.OIDC_REDIRECT_URL ?? '')
    ? new URL(config.OIDC_REDIRECT_URL ?? '')
    : null;
  if (redirect && !redirect.pathname.endsWith('/anmelden/oidc/rueckkehr')) {
    problems.push('OIDC_REDIRECT_URL must end in /anmelden/oidc/rueckkehr');
  }
  return problems;
}
