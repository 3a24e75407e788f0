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
  const secure = !embedded && config.ZEEBE_SECURE_CONNECTION;
  const hostPort = address.replace(/^grpcs?:\/\//, '');
  return {
    // the scheme decides TLS (grpcs) or plaintext (grpc); the SDK's older ZEEBE_ADDRESS and
    // CAMUNDA_SECURE_CONNECTION are cleared so they cannot contradict it
    ZEEBE_GRPC_ADDRESS: `${secure || address.startsWith('grpcs://') ? 'grpcs' : 'grpc'}://${hostPort}`,
    ZEEBE_ADDRESS: '',
    CAMUNDA_SECURE_CONNECTION: undefined,
    CAMUNDA_OAUTH_DISABLED: !oauth,
    CAMUNDA_AUTH_STRATEGY: oauth ? ('OAUTH' as const) : ('NONE' as const),
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
      // the SDK logs in its own format to the console; the platform logs failures itself
      ZEEBE_CLIENT_LOG_LEVEL: config.LOG_LEVEL === 'debug' ? 'DEBUG' : 'NONE',
      ZEEBE_CLIENT_LOG_TYPE: 'JSON',
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      ZEEBE_GRPC_CLIENT_RETRY: retry,
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
    this.probe = new Camunda8(
      zeebeClientConfig(address, this.config, embedded, false),
    ).getZeebeGrpcApiClient();
    this.logger.log({
      msg: 'Zeebe client configured',
      grpcAddress: address,
      embedded: Boolean(this.engine),
      oauth: !this.engine && this.config.zeebeOAuth,
    });
  }

  /** Topology through the client; resolves false on error or after timeoutMs. */
  async isReachable(timeoutMs = 3000): Promise<boolean> {
    const probe = this.probe;
    if (!probe) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
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
