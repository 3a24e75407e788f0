import { guardJob, JobActionError } from './job-action.guard';
import type { ZeebeJob } from './zeebe.types';

function fakeJob(): { job: ZeebeJob; calls: string[] } {
  const calls: string[] = [];
  const ack = (name: string) => () => {
    calls.push(name);
    return Promise.resolve('JOB_ACTION_ACKNOWLEDGEMENT' as const);
  };
  const job = {
    key: '2251799813685249',
    type: 't',
    retries: 3,
    complete: ack('complete'),
    fail: ack('fail'),
    error: ack('error'),
    cancelWorkflow: ack('cancelWorkflow'),
    forward: () => {
      calls.push('forward');
      return 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
    },
  } as unknown as ZeebeJob;
  return { job, calls };
}

describe('guardJob', () => {
  it('passes the first action through and counts it', async () => {
    const { job, calls } = fakeJob();
    const guarded = guardJob(job);
    expect(guarded.actions()).toBe(0);
    await guarded.job.complete({ a: 1 });
    expect(guarded.actions()).toBe(1);
    expect(calls).toEqual(['complete']);
    expect(guarded.job.key).toBe(job.key);
  });

  it.each(['complete', 'fail', 'error'] as const)('refuses a second action after %s', async (first) => {
    const { job, calls } = fakeJob();
    const guarded = guardJob(job);
    await (guarded.job[first] as (...a: unknown[]) => Promise<unknown>)('x');
    expect(() => guarded.job.complete()).toThrow(JobActionError);
    expect(calls).toEqual([first]);
  });
});
