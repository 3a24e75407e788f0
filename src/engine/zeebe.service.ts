import { Camunda8 } from '@camunda8/sdk';
import type { Camunda8ClientConfiguration } from '@camunda8/sdk/dist/lib/Configuration';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { DatabaseConnection } from '../database/database-connection';
import type { EmbeddedEngine, EngineLogger } from './embedded';

/** Configuration of the SDK's Zeebe gRPC client for an address (the SDK's own variable names). */
export function zeebeClientConfig(
  address: string,
  config: AppConfig,
  embedded: boolean,
  /** retry UNAVAILABLE with back-off (start-up waits for Zeebe); off for the health probe */
  retry = true,
): Camunda8ClientConfiguration {
  const oauth = !embedded && config.zeebeOAuth;
  // a static bearer token (e.g. the standalone engine's ENGINE_TOKEN) and a CA to trust for its TLS
  const bearer = !embedded && !oauth ? config.ZEEBE_BEARER_TOKEN : undefined;
  const rootCert = !embedded ? config.ZEEBE_ROOT_CERT_PATH : undefined;
  const secure = !embedded && config.ZEEBE_SECURE_CONNECTION;
  const hostPort = address.replace(/^grpcs?:\/\//, '');
  return {
    // the scheme decides TLS (grpcs) or plaintext (grpc); the SDK's older ZEEBE_ADDRESS and
    // CAMUNDA_SECURE_CONNECTION are cleared so they cannot contradict it
    ZEEBE_GRPC_ADDRESS: `${secure || address.startsWith('grpcs://') ? 'grpcs' : 'grpc'}://${hostPort}`,
    ZEEBE_ADDRESS: '',
    CAMUNDA_SECURE_CONNECTION: undefined,
    CAMUNDA_OAUTH_DISABLED: !oauth && !bearer,
    CAMUNDA_AUTH_STRATEGY: oauth ? ('OAUTH' as const) : bearer ? ('BEARER' as const) : ('NONE' as const),
    ...(bearer ? { CAMUNDA_OAUTH_TOKEN: bearer } : {}),
    ...(rootCert ? { CAMUNDA_CUSTOM_ROOT_CERT_PATH: rootCert } : {}),
    ...(oauth
      ? {
          ZEEBE_CLIENT_ID: config.ZEEBE_CLIENT_ID,
          ZEEBE_CLIENT_SECRET: config.ZEEBE_CLIENT_SECRET,
          CAMUNDA_OAUTH_URL: config.ZEEBE_AUTHORIZATION_SERVER_URL,
          ZEEBE_TOKEN_AUDIENCE: config.ZEEBE_TOKEN_AUDIENCE,
          CAMUNDA_ZEEBE_OAUTH_AUDIENCE: config.ZEEBE_TOKEN_AUDIENCE,
          CAMUNDA_TOKEN_DISK_CACHE_DISABLE: true,
        }
      : {}),
    CAMUNDA_LOG_LEVEL: config.LOG_LEVEL === 'debug' ? ('debug' as const) : ('error' as const),
    zeebeGrpcSettings: {
      // the SDK logs in its own format to the console; the platform logs failures itself. Never DEBUG:
      // at DEBUG the client logs every request with its variables (personal data); INFO only the connection
      ZEEBE_CLIENT_LOG_LEVEL: config.LOG_LEVEL === 'debug' ? 'INFO' : 'NONE',
      ZEEBE_CLIENT_LOG_TYPE: 'JSON',
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      ZEEBE_GRPC_CLIENT_RETRY: retry,
      // the health probe reconnects at once after a failure instead of backing off up to 10 s (the SDK
      // types these as strings but hands them to grpc-js, which computes with numbers)
      ...(retry
        ? {}
        : {
            GRPC_INITIAL_RECONNECT_BACKOFF_MS: 200 as unknown as string,
            GRPC_MAX_RECONNECT_BACKOFF_MS: 1000 as unknown as string,
          }),
    },
  };
}

/** Adapter: the embedded engine logs through the platform's JSON logger. */
export function engineLogger(context: string): EngineLogger {
  const logger = new Logger(context);
  return {
    info: (msg, fields) => logger.log({ msg, ...fields }),
    warn: (msg, fields) => logger.warn({ msg, ...fields }),
    error: (msg, fields) => logger.error({ msg, ...fields }),
  };
}

/**
 * The one Zeebe gRPC client of the platform. With ZEEBE_ADDRESS it talks to that Zeebe; without, it
 * starts the embedded engine in-process on a free loopback port (same database) and talks to it over
 * gRPC exactly as to Zeebe.
 */
@Injectable()
export class ZeebeService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ZeebeService.name);
  private zeebe?: ZeebeGrpcClient;
  /** a second client without retries: the health probe must answer at once */
  private probe?: ZeebeGrpcClient;
  private engine?: EmbeddedEngine;

  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseConnection,
  ) {}

  get client(): ZeebeGrpcClient {
    if (!this.zeebe) throw new Error('Zeebe client not started');
    return this.zeebe;
  }

  /** the embedded engine, when the platform runs it */
  get embeddedEngine(): EmbeddedEngine | undefined {
    return this.engine;
  }

  get address(): string {
    return this.engine?.address ?? this.config.ZEEBE_ADDRESS ?? '';
  }

  async onModuleInit(): Promise<void> {
    let address = this.config.ZEEBE_ADDRESS;
    if (!address) {
      // loaded lazily: only the platform in embedded mode needs the engine's code
      const { startEmbeddedEngine } = await import('./embedded');
      const engine: EmbeddedEngine = await startEmbeddedEngine({
        databaseUrl: this.db.url,
        host: '127.0.0.1',
        port: 0,
        logger: engineLogger('EmbeddedEngine'),
      });
      this.engine = engine;
      address = engine.address;
      this.logger.log({ msg: 'embedded engine started', grpcAddress: address });
    }
    const embedded = Boolean(this.engine);
    this.zeebe = new Camunda8(zeebeClientConfig(address, this.config, embedded)).getZeebeGrpcApiClient();
    this.probe = this.newProbe();
    this.logger.log({
      msg: 'Zeebe client configured',
      grpcAddress: address,
      embedded: Boolean(this.engine),
      oauth: !this.engine && this.config.zeebeOAuth,
    });
  }

  private newProbe(): ZeebeGrpcClient {
    const embedded = Boolean(this.engine);
    return new Camunda8(
      zeebeClientConfig(this.address, this.config, embedded, false),
    ).getZeebeGrpcApiClient();
  }

  /**
   * Topology through the probe client: true as soon as the engine answers within timeoutMs, false when
   * it does not. A failed attempt (refused, reset) is tried again after a short pause with a fresh
   * client until the time is up, so that one slow answer or a connection that broke a moment ago does
   * not leave health "down" while gRPC waits out its reconnect back-off.
   */
  async isReachable(timeoutMs = 3000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const probe = this.probe;
      if (!probe) return false;
      if (await this.answers(probe, until - Date.now())) return true;
      if (this.probe === probe) {
        this.probe = this.newProbe();
        probe.close(1000).catch((error: unknown) => {
          this.logger.warn({ msg: 'Zeebe probe client close failed', error });
        });
      }
      if (Date.now() + 200 >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async answers(probe: ZeebeGrpcClient, timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, timeoutMs));
      });
      const topology = probe.topology().then(
        (t) => Array.isArray(t.brokers),
        () => false,
      );
      return await Promise.race([topology, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const client of [this.zeebe, this.probe]) {
      try {
        await client?.close(5000);
      } catch (error) {
        this.logger.warn({ msg: 'Zeebe client close failed', error });
      }
    }
    this.zeebe = undefined;
    this.probe = undefined;
    if (this.engine) {
      await this.engine.stop();
      this.logger.log({ msg: 'embedded engine stopped' });
      this.engine = undefined;
    }
  }
}
