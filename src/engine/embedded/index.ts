/**
 * The embedded, Zeebe-compatible engine. A sealed module: it imports nothing from the rest of src/.
 * Clients reach it only over gRPC (Zeebe's Gateway service), exactly as they would reach Zeebe.
 */
import type { EngineTls } from './grpc/auth';

export interface EngineLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface EmbeddedEngineOptions {
  /** PostgreSQL connection string; the engine keeps its tables in its own schema `engine`. */
  databaseUrl: string;
  /**
   * interface to bind; default 127.0.0.1. Any address that is not loopback (a network interface,
   * 0.0.0.0, ::) requires `tls` and `token`, else the start is refused (EngineSecurityError).
   */
  host?: string;
  /** TLS for the gRPC port (PEM certificate chain and key): the port then accepts TLS only */
  tls?: EngineTls;
  /** bearer token every gRPC call must carry (`authorization: Bearer <token>`), else UNAUTHENTICATED */
  token?: string;
  /** port to listen on; 0 (default) picks a free port */
  port?: number;
  /** structured logger without personal data; default: silent */
  logger?: EngineLogger;
}

export interface EngineClock {
  /** moves engine time forward (shared by every engine process on the same database) */
  add(ms: number): Promise<void>;
  /** back to the database clock */
  reset(): Promise<void>;
  /** engine time now */
  now(): Promise<Date>;
}

export interface IncidentView {
  key: string;
  type: string;
  elementId: string;
  elementInstanceKey: string;
  message: string;
  jobKey?: string;
}

export interface InstanceView {
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  bpmnProcessId: string;
  version: number;
  /** root-scope variables (empty once the instance has ended) */
  variables: Record<string, unknown>;
  /** element ids of the active element instances below the process */
  activeElements: string[];
}

/** Read-only views for tests and operations, for facts the Zeebe API does not return. */
export interface EngineInspector {
  incidents(processInstanceKey: string): Promise<IncidentView[]>;
  instance(processInstanceKey: string): Promise<InstanceView | null>;
}

/** Figures for benchmarks: command batches (group commits) and the time spent per batch phase. */
export interface EngineStats {
  batches: number;
  commands: number;
  ms: Record<'connect' | 'preload' | 'begin' | 'execute' | 'commit', number>;
}

export interface EmbeddedEngine {
  stats(): EngineStats;
  readonly inspect: EngineInspector;
  /** host:port for a Zeebe client (plaintext, or TLS when started with `tls`) */
  readonly address: string;
  readonly port: number;
  readonly clock: EngineClock;
  /** health: true when the database answers */
  ping(): Promise<boolean>;
  stop(): Promise<void>;
}

export { startEmbeddedEngine } from './engine';
export { EngineSecurityError, isLoopbackHost, type EngineTls } from './grpc/auth';
