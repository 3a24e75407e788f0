import { Camunda8 } from '@camunda8/sdk';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ZBClient } from 'zeebe-node';
import {
  startEmbeddedEngine,
  type EmbeddedEngine,
  type IncidentView,
  type InstanceView,
} from '../../src/engine/embedded';
import { createTestDatabase, type TestDatabase } from './database';

/**
 * Conformance-test harness for the embedded Zeebe-compatible engine: a fresh test database, the engine on
 * a free loopback port, and the two real Zeebe clients (`@camunda8/sdk` and `zeebe-node`) connected over
 * plaintext gRPC. Tests observe the engine only through the Zeebe API, plus the two read-only inspection
 * calls below where gRPC cannot show a fact (incident keys, instance state).
 */

type SdkGrpcClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

// ---------------------------------------------------------------------------------------------------
// Engine inspection (read-only, `engine.inspect`): only for facts the Zeebe API does not show
// (incident keys, whether an instance is still active).
// ---------------------------------------------------------------------------------------------------

export type InspectedIncident = IncidentView;
export type InspectedInstance = InstanceView;
export type InspectableEngine = EmbeddedEngine;

// ---------------------------------------------------------------------------------------------------
// Common client adapter: every scenario runs through both real clients.
// ---------------------------------------------------------------------------------------------------

export type Variables = Record<string, unknown>;

export interface Job {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** epoch ms */
  deadline: number;
  variables: Variables;
  tenantId: string;
}

export interface ActivateRequest {
  type: string;
  maxJobsToActivate?: number;
  /** job timeout in ms (default 60 s) */
  timeout?: number;
  /** long polling in ms; -1 = no long polling (default) */
  requestTimeout?: number;
  fetchVariable?: string[];
  worker?: string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface DeployedForm {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
}

export interface DeployResult {
  key: string;
  processes: DeployedProcess[];
  forms: DeployedForm[];
}

export interface CreatedInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
}

export interface Resource {
  name: string;
  content: string;
}

export interface ZeebeApi {
  readonly name: 'sdk' | 'zeebe-node';
  topology(): Promise<TopologyLike>;
  deployResources(resources: Resource[]): Promise<DeployResult>;
  createProcessInstance(req: {
    bpmnProcessId: string;
    version?: number;
    variables?: Variables;
  }): Promise<CreatedInstance>;
  createProcessInstanceWithResult(req: {
    bpmnProcessId: string;
    version?: number;
    variables?: Variables;
    fetchVariables?: string[];
    requestTimeout?: number;
  }): Promise<CreatedInstance & { variables: Variables }>;
  activateJobs(req: ActivateRequest): Promise<Job[]>;
  completeJob(jobKey: string, variables?: Variables): Promise<void>;
  failJob(req: {
    jobKey: string;
    retries: number;
    errorMessage?: string;
    retryBackOff?: number;
    variables?: Variables;
  }): Promise<void>;
  throwError(req: {
    jobKey: string;
    errorCode: string;
    errorMessage?: string;
    variables?: Variables;
  }): Promise<void>;
  publishMessage(req: {
    name: string;
    correlationKey: string;
    timeToLive?: number;
    messageId?: string;
    variables?: Variables;
  }): Promise<{ key: string }>;
  cancelProcessInstance(processInstanceKey: string): Promise<void>;
  setVariables(req: { elementInstanceKey: string; variables: Variables; local: boolean }): Promise<void>;
  resolveIncident(incidentKey: string): Promise<void>;
  updateJobRetries(jobKey: string, retries: number): Promise<void>;
  /** zeebe-node 8.3 has no UpdateJobTimeout: its adapter goes through the SDK client (noted in the test). */
  updateJobTimeout(jobKey: string, timeout: number): Promise<void>;
  broadcastSignal(signalName: string, variables?: Variables): Promise<{ key: string }>;
  evaluateDecision(decisionId: string): Promise<unknown>;
  /**
   * A raw unary call through the client's own gRPC channel, for requests the typed API refuses to build
   * (e.g. variables that are not a JSON object). `method` is the proto rpc name in lowerCamelCase.
   */
  rawUnary(method: string, request: Record<string, unknown>): Promise<unknown>;
}

export interface TopologyLike {
  brokers: Array<{
    nodeId: number;
    host: string;
    port: number;
    partitions: Array<{ partitionId: number; role: string; health: string }>;
  }>;
  clusterSize: number;
  partitionsCount: number;
  replicationFactor: number;
  gatewayVersion: string;
}

/** Normalises whatever object shape a client returns into plain JSON data. */
function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value ?? {})) as T;
}

interface RawActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: string;
  variables: string;
  tenantId?: string;
}

function normaliseJob(raw: RawActivatedJob | Record<string, unknown>): Job {
  const j = raw as Record<string, unknown>;
  const parseObj = (v: unknown): Record<string, unknown> =>
    typeof v === 'string' ? (JSON.parse(v || '{}') as Record<string, unknown>) : plain(v);
  return {
    key: String(j.key),
    type: String(j.type),
    processInstanceKey: String(j.processInstanceKey),
    bpmnProcessId: String(j.bpmnProcessId),
    processDefinitionVersion: Number(j.processDefinitionVersion),
    processDefinitionKey: String(j.processDefinitionKey),
    elementId: String(j.elementId),
    elementInstanceKey: String(j.elementInstanceKey),
    customHeaders: parseObj(j.customHeaders) as Record<string, string>,
    worker: String(j.worker),
    retries: Number(j.retries),
    deadline: Number(j.deadline),
    variables: parseObj(j.variables),
    tenantId: typeof j.tenantId === 'string' ? j.tenantId : '',
  };
}

function normaliseDeploy(res: unknown): DeployResult {
  const r = plain<{ key: string; deployments: Array<Record<string, Record<string, unknown>>> }>(res);
  const processes: DeployedProcess[] = [];
  const forms: DeployedForm[] = [];
  for (const d of r.deployments ?? []) {
    if (d.process) {
      processes.push({
        bpmnProcessId: String(d.process.bpmnProcessId),
        version: Number(d.process.version),
        processDefinitionKey: String(d.process.processDefinitionKey),
        resourceName: String(d.process.resourceName),
      });
    }
    if (d.form) {
      forms.push({
        formId: String(d.form.formId),
        version: Number(d.form.version),
        formKey: String(d.form.formKey),
        resourceName: String(d.form.resourceName),
      });
    }
  }
  return { key: String(r.key), processes, forms };
}

function normaliseCreated(res: unknown): CreatedInstance {
  const r = plain<Record<string, unknown>>(res);
  return {
    processInstanceKey: String(r.processInstanceKey),
    processDefinitionKey: String(r.processDefinitionKey),
    bpmnProcessId: String(r.bpmnProcessId),
    version: Number(r.version),
  };
}

interface RawGrpc {
  [method: string]: (req: unknown) => unknown;
}

/** Reads an ActivateJobs server stream to its end (or error) and returns all jobs it carried. */
function collectActivateStream(stream: NodeJS.EventEmitter, safetyMs: number): Promise<Job[]> {
  return new Promise((resolve, reject) => {
    const jobs: Job[] = [];
    let settled = false;
    const timer = setTimeout(() => finish(), safetyMs);
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
      else resolve(jobs);
    };
    stream.on('data', (res: { jobs: RawActivatedJob[] }) => {
      for (const j of res.jobs ?? []) jobs.push(normaliseJob(j));
    });
    stream.on('error', (e: unknown) => finish(e));
    stream.on('end', () => finish());
  });
}

function activateWire(req: ActivateRequest) {
  return {
    type: req.type,
    worker: req.worker ?? 'conformance-test',
    timeout: req.timeout ?? 60_000,
    maxJobsToActivate: req.maxJobsToActivate ?? 32,
    fetchVariable: req.fetchVariable ?? [],
    requestTimeout: req.requestTimeout ?? -1,
  };
}

export function sdkApi(sdk: SdkGrpcClient): ZeebeApi {
  const grpc = async (): Promise<RawGrpc> => await (sdk as unknown as { grpc: Promise<RawGrpc> }).grpc;
  return {
    name: 'sdk',
    async topology() {
      return plain<TopologyLike>(await sdk.topology());
    },
    async deployResources(resources) {
      const res = await sdk.deployResources(
        resources.map((r) =>
          r.name.endsWith('.form')
            ? { name: r.name, form: Buffer.from(r.content) }
            : { name: r.name, process: Buffer.from(r.content) },
        ),
      );
      return normaliseDeploy(res);
    },
    async createProcessInstance(req) {
      return normaliseCreated(
        await sdk.createProcessInstance({
          bpmnProcessId: req.bpmnProcessId,
          version: req.version,
          variables: (req.variables ?? {}) as never,
        }),
      );
    },
    async createProcessInstanceWithResult(req) {
      const res = await sdk.createProcessInstanceWithResult({
        bpmnProcessId: req.bpmnProcessId,
        version: req.version,
        variables: (req.variables ?? {}) as never,
        fetchVariables: req.fetchVariables,
        requestTimeout: req.requestTimeout ?? 0,
      });
      return { ...normaliseCreated(res), variables: plain<Variables>(res.variables) };
    },
    async activateJobs(req) {
      const jobs = await sdk.activateJobs(activateWire(req));
      return jobs.map((j) => normaliseJob(j as unknown as Record<string, unknown>));
    },
    async completeJob(jobKey, variables = {}) {
      await sdk.completeJob({ jobKey, variables: variables as never });
    },
    async failJob(req) {
      await sdk.failJob({
        jobKey: req.jobKey,
        retries: req.retries,
        errorMessage: req.errorMessage ?? 'failed by test',
        retryBackOff: req.retryBackOff ?? 0,
        variables: (req.variables ?? {}) as never,
      });
    },
    async throwError(req) {
      await sdk.throwError({
        jobKey: req.jobKey,
        errorCode: req.errorCode,
        errorMessage: req.errorMessage ?? '',
        variables: (req.variables ?? {}) as never,
      });
    },
    async publishMessage(req) {
      const res = await sdk.publishMessage({
        name: req.name,
        correlationKey: req.correlationKey,
        timeToLive: req.timeToLive ?? 0,
        messageId: req.messageId,
        variables: (req.variables ?? {}) as never,
      });
      return { key: String(res.key) };
    },
    async cancelProcessInstance(processInstanceKey) {
      await sdk.cancelProcessInstance(processInstanceKey);
    },
    async setVariables(req) {
      await sdk.setVariables({
        elementInstanceKey: req.elementInstanceKey,
        variables: req.variables as never,
        local: req.local,
      });
    },
    async resolveIncident(incidentKey) {
      await sdk.resolveIncident({ incidentKey });
    },
    async updateJobRetries(jobKey, retries) {
      await sdk.updateJobRetries({ jobKey, retries });
    },
    async updateJobTimeout(jobKey, timeout) {
      await sdk.updateJobTimeout({ jobKey, timeout });
    },
    async broadcastSignal(signalName, variables = {}) {
      const res = await sdk.broadcastSignal({ signalName, variables: variables as never });
      return { key: String(res.key) };
    },
    async evaluateDecision(decisionId) {
      return sdk.evaluateDecision({ decisionId, variables: {} });
    },
    async rawUnary(method, request) {
      const g = await grpc();
      return g[`${method}Sync`](request);
    },
  };
}

export function zeebeNodeApi(zbc: ZBClient, sdkForMissingRpcs: SdkGrpcClient): ZeebeApi {
  const grpc = (): RawGrpc => (zbc as unknown as { grpc: RawGrpc }).grpc;
  return {
    name: 'zeebe-node',
    async topology() {
      return plain<TopologyLike>(await zbc.topology());
    },
    async deployResources(resources) {
      if (resources.length === 1 && !resources[0].name.endsWith('.form')) {
        // the public zeebe-node API for a single process resource
        return normaliseDeploy(
          await zbc.deployResource({
            name: resources[0].name,
            process: Buffer.from(resources[0].content),
          }),
        );
      }
      // several resources in one deployment (e.g. BPMN + form): DeployResource through zeebe-node's channel
      return normaliseDeploy(
        await grpc().deployResourceSync({
          resources: resources.map((r) => ({ name: r.name, content: Buffer.from(r.content) })),
        }),
      );
    },
    async createProcessInstance(req) {
      return normaliseCreated(
        await zbc.createProcessInstance({
          bpmnProcessId: req.bpmnProcessId,
          version: req.version,
          variables: (req.variables ?? {}) as never,
        }),
      );
    },
    async createProcessInstanceWithResult(req) {
      const res = await zbc.createProcessInstanceWithResult({
        bpmnProcessId: req.bpmnProcessId,
        version: req.version,
        variables: (req.variables ?? {}) as never,
        fetchVariables: req.fetchVariables,
        requestTimeout: req.requestTimeout ?? 0,
      });
      return { ...normaliseCreated(res), variables: plain<Variables>(res.variables) };
    },
    async activateJobs(req) {
      // zeebe-node's activateJobs() resolves on the first response only and never when the stream ends
      // empty, so read ActivateJobs from zeebe-node's own gRPC channel to the end of the stream.
      const wire = activateWire(req);
      const stream = (await grpc().activateJobsStream(wire)) as NodeJS.EventEmitter | { error: unknown };
      if (typeof (stream as NodeJS.EventEmitter).on !== 'function') {
        throw (stream as { error: unknown }).error;
      }
      const safety = (wire.requestTimeout > 0 ? wire.requestTimeout : 0) + 10_000;
      return collectActivateStream(stream as NodeJS.EventEmitter, safety);
    },
    async completeJob(jobKey, variables = {}) {
      await zbc.completeJob({ jobKey, variables: variables });
    },
    async failJob(req) {
      // zeebe-node 8.3 passes FailJob variables to gRPC as given (it does not stringify them, unlike
      // CompleteJob/ThrowError), so a zeebe-node caller has to send the JSON text itself
      await zbc.failJob({
        jobKey: req.jobKey,
        retries: req.retries,
        errorMessage: req.errorMessage ?? 'failed by test',
        retryBackOff: req.retryBackOff ?? 0,
        variables: JSON.stringify(req.variables ?? {}),
      } as never);
    },
    async throwError(req) {
      await zbc.throwError({
        jobKey: req.jobKey,
        errorCode: req.errorCode,
        errorMessage: req.errorMessage ?? '',
        variables: (req.variables ?? {}) as never,
      });
    },
    async publishMessage(req) {
      const res = await zbc.publishMessage({
        name: req.name,
        correlationKey: req.correlationKey,
        timeToLive: req.timeToLive ?? 0,
        messageId: req.messageId,
        variables: (req.variables ?? {}) as never,
      });
      return { key: String(res.key) };
    },
    async cancelProcessInstance(processInstanceKey) {
      await zbc.cancelProcessInstance(processInstanceKey);
    },
    async setVariables(req) {
      await zbc.setVariables({
        elementInstanceKey: req.elementInstanceKey,
        variables: req.variables,
        local: req.local,
      });
    },
    async resolveIncident(incidentKey) {
      await zbc.resolveIncident({ incidentKey });
    },
    async updateJobRetries(jobKey, retries) {
      await zbc.updateJobRetries({ jobKey, retries });
    },
    async updateJobTimeout(jobKey, timeout) {
      // zeebe-node 8.3.2 predates the UpdateJobTimeout RPC (its proto lacks it): use the SDK client.
      await sdkForMissingRpcs.updateJobTimeout({ jobKey, timeout });
    },
    async broadcastSignal(signalName, variables = {}) {
      const res = await zbc.broadcastSignal({ signalName, variables: variables as never });
      return { key: String(res.key) };
    },
    async evaluateDecision(decisionId) {
      return zbc.evaluateDecision({ decisionId, variables: {} });
    },
    async rawUnary(method, request) {
      return grpc()[`${method}Sync`](request);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------------

export interface TestEngine {
  engine: InspectableEngine;
  db: TestDatabase;
  sdk: SdkGrpcClient;
  zbc: ZBClient;
  /** the same scenarios run through each: `describe.each(clients)` */
  apis: { sdk: ZeebeApi; 'zeebe-node': ZeebeApi };
  stop(): Promise<void>;
}

const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

export async function startTestEngine(): Promise<TestEngine> {
  const db = await createTestDatabase('mia_engine_test');
  let engine: InspectableEngine | undefined;
  try {
    engine = await startEmbeddedEngine({ databaseUrl: db.url, port: 0 });
    const sdk = new Camunda8({
      ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${engine.port}`,
      CAMUNDA_OAUTH_DISABLED: true,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_LOG_LEVEL: 'none',
      zeebeGrpcSettings: {
        ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
        // no client-side retries: a test must see each gRPC status as the engine sends it
        ZEEBE_GRPC_CLIENT_RETRY: false,
      },
    }).getZeebeGrpcApiClient();
    const zbc = new ZBClient(`127.0.0.1:${engine.port}`, {
      useTLS: false,
      loglevel: 'NONE',
      stdout: silentLogger,
      retry: false,
    });
    const apis = { sdk: sdkApi(sdk), 'zeebe-node': zeebeNodeApi(zbc, sdk) };
    const started = engine;
    return {
      engine: started,
      db,
      sdk,
      zbc,
      apis,
      async stop() {
        await Promise.allSettled([sdk.close(), zbc.close()]);
        await started.stop();
        await db.drop();
      },
    };
  } catch (e) {
    if (engine) await engine.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw e;
  }
}

/**
 * One engine per test file: started before the file's tests and stopped (database dropped) after
 * them. The returned object reads through to the started engine, so use it inside tests only.
 */
export function useTestEngine(): TestEngine {
  let started: TestEngine | undefined;
  beforeAll(async () => {
    started = await startTestEngine();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as TestEngine, {
    get(_target, prop) {
      if (!started) throw new Error('the test engine is not started: use it inside a test or hook');
      return started[prop as keyof TestEngine];
    },
  });
}

/** The two client names, for `describe.each(CLIENTS)('... (%s)', ...)`. */
export const CLIENTS: Array<'sdk' | 'zeebe-node'> = ['sdk', 'zeebe-node'];

// ---------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------

let uniqueCounter = 0;
/** A process id / job type / message name unique within the test run. */
export function uid(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}_${Date.now().toString(36)}_${uniqueCounter}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `predicate` until it returns a truthy value (returned) or the time is up (throws). */
export async function waitFor<T>(
  predicate: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 10_000,
  intervalMs = 100,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > until) {
      throw new Error(
        `waitFor(${what}) timed out after ${timeoutMs} ms` +
          (lastError ? `; last error: ${(lastError as Error).message}` : ''),
      );
    }
    await sleep(intervalMs);
  }
}

/** Deploys one BPMN (or form) text under `name` (default `<id>.bpmn`). */
export async function deploy(api: ZeebeApi, xml: string, name?: string): Promise<DeployResult> {
  const id = /<bpmn:process[^>]*\sid="([^"]+)"/.exec(xml)?.[1] ?? 'model';
  return api.deployResources([{ name: name ?? `${id}.bpmn`, content: xml }]);
}

/** Activates exactly one job of `type`, waiting (long polling) up to `timeoutMs` for it to appear. */
export async function activateOne(
  api: ZeebeApi,
  type: string,
  opts: Omit<ActivateRequest, 'type' | 'maxJobsToActivate'> & { timeoutMs?: number } = {},
): Promise<Job> {
  const { timeoutMs = 10_000, ...req } = opts;
  return waitFor(
    async () => {
      const jobs = await api.activateJobs({
        ...req,
        type,
        maxJobsToActivate: 1,
        requestTimeout: req.requestTimeout ?? 1000,
      });
      return jobs[0];
    },
    timeoutMs,
    50,
    `a job of type ${type}`,
  );
}

/** Activates all jobs of `type` available now (no long polling). */
export function activateNow(api: ZeebeApi, type: string, extra: Partial<ActivateRequest> = {}) {
  return api.activateJobs({ type, maxJobsToActivate: 32, requestTimeout: -1, ...extra });
}

/** Activates until `count` jobs of `type` were collected. */
export async function activateN(
  api: ZeebeApi,
  type: string,
  count: number,
  timeoutMs = 10_000,
): Promise<Job[]> {
  const got: Job[] = [];
  await waitFor(
    async () => {
      const jobs = await api.activateJobs({
        type,
        maxJobsToActivate: count - got.length,
        requestTimeout: 500,
      });
      got.push(...jobs);
      return got.length >= count;
    },
    timeoutMs,
    20,
    `${count} jobs of type ${type}`,
  );
  return got;
}

export type GrpcCodeName = keyof typeof GrpcStatus;

/** The gRPC status name of a client error (e.g. 'NOT_FOUND'), or undefined. */
export function grpcCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'number') return GrpcStatus[code];
  const m = /^(\d+) [A-Z_]+:/.exec((err as Error)?.message ?? '');
  return m ? GrpcStatus[Number(m[1])] : undefined;
}

/** Expects `promise` to reject with gRPC status `code`; returns the error's details/message. */
export async function expectGrpcError(
  promise: Promise<unknown>,
  code: GrpcCodeName,
  messagePattern?: RegExp | string,
): Promise<string> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (error === undefined) {
    throw new Error(`expected gRPC ${code}, but the call succeeded`);
  }
  const got = grpcCodeOf(error);
  const details =
    (error as { details?: string }).details ?? (error as Error).message ?? JSON.stringify(error);
  if (got !== code) {
    throw new Error(`expected gRPC ${code}, got ${got ?? 'no gRPC status'}: ${details}`);
  }
  if (messagePattern !== undefined) {
    const re = typeof messagePattern === 'string' ? new RegExp(escapeRe(messagePattern)) : messagePattern;
    if (!re.test(details) && !re.test(String((error as Error).message))) {
      throw new Error(`gRPC ${code} message ${JSON.stringify(details)} does not match ${re}`);
    }
  }
  return details;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits for the instance to reach `state` (through engine.inspect). */
export async function waitForInstanceState(
  engine: InspectableEngine,
  processInstanceKey: string,
  state: InspectedInstance['state'],
  timeoutMs = 10_000,
): Promise<InspectedInstance> {
  return waitFor(
    async () => {
      const i = await engine.inspect.instance(processInstanceKey);
      return i && i.state === state ? i : undefined;
    },
    timeoutMs,
    100,
    `instance ${processInstanceKey} ${state}`,
  );
}

/** Waits for at least one open incident of the instance (through engine.inspect). */
export async function waitForIncident(
  engine: InspectableEngine,
  processInstanceKey: string,
  timeoutMs = 10_000,
): Promise<InspectedIncident> {
  return waitFor(
    async () => (await engine.inspect.incidents(processInstanceKey))[0],
    timeoutMs,
    100,
    `an incident on instance ${processInstanceKey}`,
  );
}

/** Zeebe keys: int64 as decimal string, partition 1 → at least 2^51. */
export function expectZeebeKey(key: unknown): void {
  expect(typeof key).toBe('string');
  expect(key).toMatch(/^\d+$/);
  expect(BigInt(key as string) >= 2n ** 51n).toBe(true);
  expect(BigInt(key as string) < 2n ** 63n).toBe(true);
}

// ---------------------------------------------------------------------------------------------------
// BPMN text
// ---------------------------------------------------------------------------------------------------

/**
 * Wraps process content in Zeebe-dialect BPMN definitions (no diagram: Zeebe accepts models without
 * bpmndi). `defs` goes at definitions level (bpmn:message, bpmn:error, bpmn:signal).
 */
export function bpmn(processId: string, body: string, defs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="defs_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  ${defs}
  <bpmn:process id="${processId}" isExecutable="true">
${body}
  </bpmn:process>
</bpmn:definitions>
`;
}

/** A service task with a zeebe:taskDefinition (and optional extension content, e.g. ioMapping). */
export function serviceTask(id: string, type: string, extensions = '', attrs = ''): string {
  return `<bpmn:serviceTask id="${id}" ${attrs}>
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${type}" />
        ${extensions}
      </bpmn:extensionElements>
    </bpmn:serviceTask>`;
}

/** A sequence flow; `condition` is a FEEL expression (with leading '=') for gateway outgoing flows. */
export function flow(id: string, from: string, to: string, condition?: string): string {
  if (!condition) return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escapeXml(condition)}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>`;
}

/** A straight line of sequence flows through the given element ids: f_<a>_<b>. */
export function chain(...ids: string[]): string {
  const out: string[] = [];
  for (let i = 0; i + 1 < ids.length; i++) out.push(flow(`f_${ids[i]}_${ids[i + 1]}`, ids[i], ids[i + 1]));
  return out.join('\n    ');
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The simplest executable process: start → service task (type) → end. */
export function oneTaskProcess(processId: string, type: string, taskExtensions = ''): string {
  return bpmn(
    processId,
    `    <bpmn:startEvent id="start" />
    ${serviceTask('task', type, taskExtensions)}
    <bpmn:endEvent id="end" />
    ${chain('start', 'task', 'end')}`,
  );
}
