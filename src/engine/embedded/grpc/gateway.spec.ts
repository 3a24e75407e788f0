import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { gatewayHandlers, loadGatewayService, type GatewayDeps } from './gateway';
import { jobView, type ActivatedJobView, type JobReceiver } from '../runtime/jobs';

/**
 * ActivateJobs long polling: a job the engine activated for a call (pushed by the batch that created
 * it) reaches the client or goes back at once — it never sits ACTIVATED until its timeout because the
 * call ended in between (Zeebe's gateway makes such jobs activatable again).
 */
function job(key: number): ActivatedJobView {
  return jobView(
    {
      key,
      type: 'svc',
      processInstanceKey: 1,
      bpmnProcessId: 'p',
      version: 1,
      definitionKey: 2,
      elementId: 't',
      elementInstanceKey: 3,
      customHeaders: {},
      worker: 'w',
      retries: 3,
      deadline: 1_000 + key,
    },
    {},
  );
}

class FakeCall extends EventEmitter {
  cancelled = false;
  ended = false;
  written: Array<{ jobs: ActivatedJobView[] }> = [];
  constructor(readonly request: Record<string, unknown>) {
    super();
  }
  sendMetadata(): void {}
  write(m: { jobs: ActivatedJobView[] }): boolean {
    this.written.push(m);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  cancel(): void {
    this.cancelled = true;
    this.emit('cancelled');
  }
}

function setup(activated: ActivatedJobView[][] = []) {
  const submitted: Array<Record<string, unknown>> = [];
  let receiver: JobReceiver | undefined;
  let attempt: (() => Promise<boolean>) | undefined;
  const deps = {
    processor: {
      submit: (cmd: Record<string, unknown>) => {
        submitted.push(cmd);
        return Promise.resolve({});
      },
    },
    activator: {
      activate: () => Promise.resolve(activated.shift() ?? []),
      wait: (_t: string, _r: unknown, a: () => Promise<boolean>) => {
        attempt = a;
        void a();
        return () => undefined;
      },
      receive: (_t: string, r: JobReceiver) => {
        receiver = r;
        return () => undefined;
      },
    },
  } as unknown as GatewayDeps;
  const impl = gatewayHandlers(loadGatewayService(), deps);
  const call = new FakeCall({
    type: 'svc',
    worker: 'w',
    timeout: '600000',
    maxJobsToActivate: 2,
    requestTimeout: '30000',
    fetchVariable: [],
    tenantIds: [],
  });
  (impl.ActivateJobs as (c: grpc.ServerWritableStream<unknown, unknown>) => void)(
    call as unknown as grpc.ServerWritableStream<unknown, unknown>,
  );
  return {
    call,
    submitted,
    receiver: () => receiver!,
    attempt: () => attempt!(),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('ActivateJobs long polling (embedded gateway)', () => {
  it('writes a pushed job to the waiting call and ends it', async () => {
    const s = setup();
    await tick();
    const r = s.receiver();
    expect(r.take()).toBe(true);
    expect(r.deliver(job(7))).toBe(true);
    await tick();
    expect(s.call.written.map((m) => m.jobs.map((j) => j.key))).toEqual([['7']]);
    expect(s.call.ended).toBe(true);
    expect(s.submitted).toEqual([]);
  });

  it('gives a pushed job back at once when the client cancels before it was written', async () => {
    const s = setup();
    await tick();
    const r = s.receiver();
    r.take();
    expect(r.deliver(job(8))).toBe(true);
    s.call.cancel(); // e.g. the client's deadline, before the response went out
    await tick();
    expect(s.call.written).toEqual([]);
    expect(s.submitted).toEqual([{ type: 'yieldJob', jobKey: 8, deadline: 1_008 }]);
  });

  it('answers with the pushed job and the polled ones together when both arrive in one turn', async () => {
    const s = setup([[], [job(10)]]);
    await tick();
    const r = s.receiver();
    r.take();
    r.deliver(job(9));
    await s.attempt(); // an activation of the poller finishes before the push is written
    await tick();
    expect(s.call.written.map((m) => m.jobs.map((j) => j.key).sort())).toEqual([['10', '9']]);
    expect(s.submitted).toEqual([]);
  });

  it('never answers with more than maxJobsToActivate: the surplus goes back', async () => {
    const s = setup([[], [job(12), job(13)]]);
    await tick();
    const r = s.receiver();
    r.take();
    r.deliver(job(11));
    await s.attempt();
    await tick();
    expect(s.call.written[0].jobs).toHaveLength(2);
    expect(s.submitted).toEqual([{ type: 'yieldJob', jobKey: 13, deadline: 1_013 }]);
  });

  it('gives back jobs an activation claimed after the client cancelled', async () => {
    const s = setup([[], [job(14)]]);
    await tick();
    const pending = s.attempt();
    s.call.cancel();
    await pending;
    expect(s.call.written).toEqual([]);
    expect(s.submitted).toEqual([{ type: 'yieldJob', jobKey: 14, deadline: 1_014 }]);
  });
});
