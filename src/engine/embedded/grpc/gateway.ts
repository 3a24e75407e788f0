import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { dirname, join } from 'node:path';
import type { Deployer } from '../runtime/deployer';
import { EngineError } from '../runtime/errors';
import type { ActivatedJobView, JobActivator } from '../runtime/jobs';
import type { CommandProcessor, CreateResult } from '../runtime/processor';
import type { Vars } from '../runtime/state';

/** The Zeebe protocol, loaded at run time from the installed client package (Apache-2.0). */
export function loadGatewayService(): grpc.ServiceDefinition {
  const protoPath = join(
    dirname(require.resolve('@camunda8/sdk/package.json')),
    'dist',
    'proto',
    'zeebe.proto',
  );
  const def = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    gateway_protocol: { Gateway: { service: grpc.ServiceDefinition } };
  };
  return pkg.gateway_protocol.Gateway.service;
}

const STATUS: Record<EngineError['code'], grpc.status> = {
  NOT_FOUND: grpc.status.NOT_FOUND,
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  RESOURCE_EXHAUSTED: grpc.status.RESOURCE_EXHAUSTED,
  UNIMPLEMENTED: grpc.status.UNIMPLEMENTED,
  INTERNAL: grpc.status.INTERNAL,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  DEADLINE_EXCEEDED: grpc.status.DEADLINE_EXCEEDED,
};

function toStatus(e: unknown): Partial<grpc.StatusObject> {
  if (e instanceof EngineError) return { code: STATUS[e.code], details: e.message };
  return {
    code: grpc.status.INTERNAL,
    details: `Unexpected error in the embedded engine: ${(e as Error).message}`,
  };
}

function invalid(message: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', message);
}

/** `variables` and `customHeaders` travel as JSON strings whose root is an object. */
export function parseVariables(text: string | undefined, field = 'variables'): Vars {
  if (text === undefined || text === null || text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw invalid(
      `Property '${field}' is invalid: Expected document to be valid JSON, but it was not: ${(e as Error).message}`,
    );
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    const kind =
      v === null
        ? 'NIL'
        : Array.isArray(v)
          ? 'ARRAY'
          : typeof v === 'string'
            ? 'STRING'
            : typeof v === 'number'
              ? 'NUMBER'
              : 'BOOLEAN';
    throw invalid(
      `Property '${field}' is invalid: Expected document to be a root level object, but was '${kind}'`,
    );
  }
  return v as Vars;
}

/** int64 fields arrive as decimal strings (longs: String). */
function key(value: unknown, field: string): number {
  const s = String(value ?? '');
  if (!/^-?\d+$/.test(s))
    throw invalid(`Property '${field}' is invalid: expected an int64 key, but got '${s}'`);
  const n = Number(s);
  if (!Number.isSafeInteger(n))
    throw new EngineError('NOT_FOUND', `Expected to find an entity with key '${s}', but none found`);
  return n;
}

function num(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

type Unary = (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Zeebe clients compress requests with gzip by default; over loopback that costs both sides more
 * CPU than it saves. Announcing `identity` as the only accepted encoding makes grpc-js clients send
 * uncompressed messages from their next call on (compressed ones are still accepted).
 */
function acceptIdentityOnly(call: { sendMetadata(m: grpc.Metadata): void }): void {
  const md = new grpc.Metadata();
  md.set('grpc-accept-encoding', 'identity');
  call.sendMetadata(md);
}

/** The engine runs without multi-tenancy, as a Zeebe with multi-tenancy disabled: only `<default>`. */
function checkTenant(
  rpc: string,
  req: { tenantId?: string; tenantIds?: string[]; request?: { tenantId?: string } },
): void {
  const given = [req.tenantId, req.request?.tenantId, ...(req.tenantIds ?? [])].filter(
    (t): t is string => !!t && t !== '<default>',
  );
  if (given.length) {
    throw invalid(
      `Expected to handle gRPC request ${rpc} with tenant identifier '${given[0]}', but multi-tenancy is disabled`,
    );
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function unary(rpc: string, f: (req: any) => Promise<unknown>): Unary {
  return (call, cb) => {
    acceptIdentityOnly(call);
    Promise.resolve()
      .then(() => {
        checkTenant(rpc, call.request as { tenantId?: string });
        return f(call.request);
      })
      .then(
        (r) => cb(null, r),
        (e: unknown) => cb(toStatus(e) as grpc.ServiceError),
      );
  };
}

export interface GatewayDeps {
  processor: CommandProcessor;
  deployer: Deployer;
  activator: JobActivator;
  awaitInstance(
    processInstanceKey: number,
    timeoutMs: number,
  ): Promise<{ state: string; variables: Vars | null }>;
  host: string;
  port(): number;
}

const DEFAULT_LONG_POLL_MS = 10_000;

/** Handlers of Zeebe's Gateway service over the engine. */
export function gatewayHandlers(
  service: grpc.ServiceDefinition,
  d: GatewayDeps,
): grpc.UntypedServiceImplementation {
  const p = d.processor;
  const impl: grpc.UntypedServiceImplementation = {};

  // every RPC of the service answers; those the engine does not run say so
  for (const name of Object.keys(service)) {
    const m = service[name];
    const message = `The embedded engine does not implement the RPC '${name}'`;
    impl[name] = m.responseStream
      ? (call: grpc.ServerWritableStream<unknown, unknown>) =>
          destroy(call, new EngineError('UNIMPLEMENTED', message))
      : (_call: unknown, cb: grpc.sendUnaryData<unknown>) =>
          cb({ code: grpc.status.UNIMPLEMENTED, details: message } as grpc.ServiceError);
  }

  impl.Topology = unary('Topology', async () => ({
    brokers: [
      {
        nodeId: 0,
        host: d.host,
        port: d.port(),
        partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
        version: '8.8.0',
      },
    ],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: '8.8.0',
  }));

  impl.DeployResource = unary(
    'DeployResource',
    async (req: { resources?: { name: string; content: Buffer }[] }) => {
      const res = await d.deployer.deploy(
        (req.resources ?? []).map((r) => ({ name: r.name, content: Buffer.from(r.content ?? []) })),
      );
      return {
        key: String(res.key),
        tenantId: '<default>',
        deployments: [
          ...res.processes.map((x) => ({
            process: {
              bpmnProcessId: x.bpmnProcessId,
              version: x.version,
              processDefinitionKey: String(x.processDefinitionKey),
              resourceName: x.resourceName,
              tenantId: '<default>',
            },
          })),
          ...res.forms.map((f) => ({
            form: {
              formId: f.formId,
              version: f.version,
              formKey: String(f.formKey),
              resourceName: f.resourceName,
              tenantId: '<default>',
            },
          })),
        ],
      };
    },
  );

  const createCommand = (r: {
    processDefinitionKey?: string;
    bpmnProcessId?: string;
    version?: number;
    variables?: string;
    startInstructions?: { elementId: string }[];
  }) => {
    const defKey = num(r.processDefinitionKey);
    if (!defKey && !r.bpmnProcessId) {
      throw invalid(
        "Expected either a 'bpmnProcessId' or a 'processDefinitionKey' to create a process instance, but none given",
      );
    }
    return {
      type: 'create' as const,
      processDefinitionKey: defKey,
      bpmnProcessId: r.bpmnProcessId ?? '',
      version: num(r.version),
      variables: parseVariables(r.variables),
      startElementIds: (r.startInstructions ?? []).map((i) => i.elementId),
    };
  };
  const createResponse = (r: CreateResult) => ({
    processDefinitionKey: String(r.processDefinitionKey),
    bpmnProcessId: r.bpmnProcessId,
    version: r.version,
    processInstanceKey: String(r.processInstanceKey),
    tenantId: '<default>',
  });

  impl.CreateProcessInstance = unary('CreateProcessInstance', async (req) =>
    createResponse((await p.submit(createCommand(req))) as CreateResult),
  );

  impl.CreateProcessInstanceWithResult = unary(
    'CreateProcessInstanceWithResult',
    async (req: {
      request?: Parameters<typeof createCommand>[0];
      requestTimeout?: string;
      fetchVariables?: string[];
    }) => {
      if (!req.request) throw invalid("Expected a 'request' to create a process instance, but none given");
      const created = (await p.submit({ ...createCommand(req.request), awaitResult: true })) as CreateResult;
      const timeout = num(req.requestTimeout) > 0 ? num(req.requestTimeout) : 15_000;
      // registered synchronously after the creating batch: later batches cannot end it unseen
      const end = created.ended ?? (await d.awaitInstance(created.processInstanceKey, timeout));
      if (end.state !== 'COMPLETED') {
        throw new EngineError(
          'FAILED_PRECONDITION',
          `Expected to complete process instance with key '${created.processInstanceKey}', but it was terminated`,
        );
      }
      let vars = end.variables ?? {};
      if (req.fetchVariables?.length)
        vars = Object.fromEntries(req.fetchVariables.filter((n) => n in vars).map((n) => [n, vars[n]]));
      return { ...createResponse(created), variables: JSON.stringify(vars) };
    },
  );

  impl.CompleteJob = unary('CompleteJob', async (req: { jobKey: string; variables?: string }) => {
    await p.submit({
      type: 'completeJob',
      jobKey: key(req.jobKey, 'jobKey'),
      variables: parseVariables(req.variables),
    });
    return {};
  });

  impl.FailJob = unary(
    'FailJob',
    async (req: {
      jobKey: string;
      retries: number;
      errorMessage: string;
      retryBackOff: string;
      variables?: string;
    }) => {
      await p.submit({
        type: 'failJob',
        jobKey: key(req.jobKey, 'jobKey'),
        retries: num(req.retries),
        errorMessage: req.errorMessage ?? '',
        retryBackOff: num(req.retryBackOff),
        variables: parseVariables(req.variables),
      });
      return {};
    },
  );

  impl.ThrowError = unary(
    'ThrowError',
    async (req: { jobKey: string; errorCode: string; errorMessage: string; variables?: string }) => {
      if (!req.errorCode)
        throw invalid("Expected to throw an error with a non-empty 'errorCode', but none given");
      await p.submit({
        type: 'throwError',
        jobKey: key(req.jobKey, 'jobKey'),
        errorCode: req.errorCode,
        errorMessage: req.errorMessage ?? '',
        variables: parseVariables(req.variables),
      });
      return {};
    },
  );

  impl.UpdateJobRetries = unary('UpdateJobRetries', async (req: { jobKey: string; retries: number }) => {
    if (num(req.retries) < 1)
      throw invalid(`Expected retries to be greater than zero, but was '${req.retries}'`);
    await p.submit({ type: 'updateRetries', jobKey: key(req.jobKey, 'jobKey'), retries: num(req.retries) });
    return {};
  });

  impl.UpdateJobTimeout = unary('UpdateJobTimeout', async (req: { jobKey: string; timeout: string }) => {
    if (num(req.timeout) < 0)
      throw invalid(`Expected timeout to be zero or greater, but was '${req.timeout}'`);
    await p.submit({ type: 'updateTimeout', jobKey: key(req.jobKey, 'jobKey'), timeout: num(req.timeout) });
    return {};
  });

  impl.CancelProcessInstance = unary('CancelProcessInstance', async (req: { processInstanceKey: string }) => {
    await p.submit({ type: 'cancel', processInstanceKey: key(req.processInstanceKey, 'processInstanceKey') });
    return {};
  });

  impl.SetVariables = unary(
    'SetVariables',
    async (req: { elementInstanceKey: string; variables?: string; local?: boolean }) => {
      const variables = parseVariables(req.variables);
      const r = (await p.submit({
        type: 'setVariables',
        elementInstanceKey: key(req.elementInstanceKey, 'elementInstanceKey'),
        variables,
        local: !!req.local,
      })) as { key: number };
      return { key: String(r.key) };
    },
  );

  impl.ResolveIncident = unary('ResolveIncident', async (req: { incidentKey: string }) => {
    await p.submit({ type: 'resolveIncident', incidentKey: key(req.incidentKey, 'incidentKey') });
    return {};
  });

  impl.PublishMessage = unary(
    'PublishMessage',
    async (req: {
      name: string;
      correlationKey?: string;
      timeToLive?: string;
      messageId?: string;
      variables?: string;
    }) => {
      if (!req.name) throw invalid("Expected to publish a message with a non-empty 'name', but none given");
      const r = (await p.submit({
        type: 'publish',
        name: req.name,
        correlationKey: req.correlationKey ?? '',
        ttl: Math.max(0, num(req.timeToLive)),
        messageId: req.messageId ?? '',
        variables: parseVariables(req.variables),
      })) as { key: number };
      return { key: String(r.key), tenantId: '<default>' };
    },
  );

  impl.BroadcastSignal = unary('BroadcastSignal', async (req: { signalName: string; variables?: string }) => {
    if (!req.signalName)
      throw invalid("Expected to broadcast a signal with a non-empty 'signalName', but none given");
    const r = (await p.submit({
      type: 'signal',
      name: req.signalName,
      variables: parseVariables(req.variables),
    })) as { key: number };
    return { key: String(r.key), tenantId: '<default>' };
  });

  impl.ActivateJobs = (call: grpc.ServerWritableStream<any, any>) => {
    acceptIdentityOnly(call);
    try {
      checkTenant('ActivateJobs', call.request as { tenantIds?: string[] });
    } catch (e) {
      return destroy(call, e as EngineError);
    }
    // eslint-disable-line @typescript-eslint/no-explicit-any
    const req = call.request as {
      type: string;
      worker: string;
      timeout: string;
      maxJobsToActivate: number;
      fetchVariable: string[];
      requestTimeout: string;
    };
    if (!req.type)
      return destroy(call, invalid("Expected to activate jobs with a non-empty 'type', but none given"));
    if (num(req.maxJobsToActivate) < 1) {
      return destroy(
        call,
        invalid(
          `Expected to activate at least 1 job, but 'maxJobsToActivate' was '${req.maxJobsToActivate}'`,
        ),
      );
    }
    const activation = {
      type: req.type,
      worker: req.worker ?? '',
      timeout: Math.max(0, num(req.timeout)),
      max: num(req.maxJobsToActivate),
      fetchVariable: req.fetchVariable ?? [],
    };
    const rt = num(req.requestTimeout);
    const longPoll = rt >= 0;
    const until = Date.now() + (rt === 0 ? DEFAULT_LONG_POLL_MS : rt);
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    // jobs a creating batch pushed into this call (activated for it in that batch's transaction)
    const pushed: ActivatedJobView[] = [];
    // a job activated for this call that never reaches the client is made activatable again at once
    // (as Zeebe's gateway does when it cannot send an activation), instead of waiting for its timeout
    const yieldJobs = (jobs: ActivatedJobView[]) => {
      for (const j of jobs) {
        void p
          .submit({ type: 'yieldJob', jobKey: Number(j.key), deadline: Number(j.deadline) })
          .catch(() => undefined);
      }
    };
    const finish = (jobs: ActivatedJobView[]) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      waiter.remove?.();
      waiter.unreceive?.();
      const all = [...pushed, ...jobs];
      pushed.length = 0;
      // never more than maxJobsToActivate, even when a push and an activation met
      yieldJobs(all.splice(activation.max));
      if (call.cancelled) {
        yieldJobs(all);
        return;
      }
      if (all.length) call.write({ jobs: all });
      call.end();
    };
    // set once the waiter is registered; finish() may run before that
    const waiter: { remove?: () => void; unreceive?: () => void } = {};
    const attempt = async (): Promise<boolean> => {
      if (finished || call.cancelled) return true;
      const jobs = await d.activator.activate(activation);
      if (finished || call.cancelled) {
        // the call ended while this activation ran: its jobs go back
        yieldJobs(jobs);
        return true;
      }
      if (jobs.length || pushed.length || !longPoll || Date.now() >= until) {
        finish(jobs);
        return true;
      }
      return false;
    };
    call.on('cancelled', () => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      waiter.remove?.();
      waiter.unreceive?.();
      yieldJobs(pushed.splice(0));
    });
    if (longPoll) timer = setTimeout(() => finish([]), Math.max(0, until - Date.now()));
    waiter.remove = d.activator.wait(req.type, activation, attempt);
    if (longPoll && !finished) {
      // jobs created while this call waits are pushed into it by the creating batch
      let taken = 0;
      waiter.unreceive = d.activator.receive(req.type, {
        worker: activation.worker,
        timeout: activation.timeout,
        fetchVariable: activation.fetchVariable,
        take: () => !finished && !call.cancelled && taken < activation.max && ++taken > 0,
        deliver: (job) => {
          if (finished || call.cancelled) return false;
          pushed.push(job);
          if (pushed.length === 1) setImmediate(() => finish([]));
          return true;
        },
      });
    }
  };

  impl.StreamActivatedJobs = (call: grpc.ServerWritableStream<any, any>) => {
    acceptIdentityOnly(call);
    try {
      checkTenant('StreamActivatedJobs', call.request as { tenantIds?: string[] });
    } catch (e) {
      return destroy(call, e as EngineError);
    }
    // eslint-disable-line @typescript-eslint/no-explicit-any
    const req = call.request as { type: string; worker: string; timeout: string; fetchVariable: string[] };
    if (!req.type)
      return destroy(call, invalid("Expected to stream jobs with a non-empty 'type', but none given"));
    const activation = {
      type: req.type,
      worker: req.worker ?? '',
      timeout: Math.max(0, num(req.timeout)),
      max: 32,
      fetchVariable: req.fetchVariable ?? [],
    };
    let closed = false;
    const attempt = async (): Promise<boolean> => {
      for (;;) {
        if (closed || call.cancelled) return true;
        const jobs = await d.activator.activate(activation);
        for (const j of jobs) call.write(j);
        if (jobs.length < activation.max) return false;
      }
    };
    const remove = d.activator.wait(req.type, activation, attempt);
    const unreceive = d.activator.receive(req.type, {
      worker: activation.worker,
      timeout: activation.timeout,
      fetchVariable: activation.fetchVariable,
      take: () => !closed && !call.cancelled,
      deliver: (job) => {
        if (closed || call.cancelled) return false;
        call.write(job);
        return true;
      },
    });
    const close = () => {
      closed = true;
      remove();
      unreceive();
    };
    call.on('cancelled', close);
    call.on('close', close);
  };

  return impl;
}

function destroy(call: grpc.ServerWritableStream<unknown, unknown>, e: EngineError): void {
  const s = toStatus(e);
  call.emit('error', { code: s.code, details: s.details, message: s.details });
}
