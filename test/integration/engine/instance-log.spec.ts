/**
 * The platform's instance log: the process-level execution listeners every model carries record when
 * an instance starts and ends (the Zeebe API cannot list instances), so the process catalogue counts
 * the instances running on each version — also those waiting in a timer or for a message, which have
 * no open task.
 */
import { useScenarioApp } from '../../utils/scenario';

jest.setTimeout(120_000);

const probe = (version: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="instance-log-probe" name="Probe ${version}" isExecutable="true">
    <bpmn:extensionElements>
      <zeebe:executionListeners>
        <zeebe:executionListener eventType="start" type="platform-instance-started" />
        <zeebe:executionListener eventType="end" type="platform-instance-ended" />
      </zeebe:executionListeners>
    </bpmn:extensionElements>
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait" name="${version}"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
  <bpmn:message id="m" name="ProbeDone"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

describe('instance log (process-level execution listeners)', () => {
  const s = useScenarioApp();

  async function records(): Promise<{ key: string; version: number; started: boolean; ended: boolean }[]> {
    const rows = await s.inContext(() =>
      s.orm.em
        .fork()
        .getConnection()
        .execute<
          { process_instance_key: string; version: number; started_at: Date | null; ended_at: Date | null }[]
        >(
          `select process_instance_key::text, version, started_at, ended_at from process_instance_record
          where bpmn_process_id = 'instance-log-probe' order by process_instance_key`,
        ),
    );
    return rows.map((r) => ({
      key: r.process_instance_key,
      version: r.version,
      started: r.started_at !== null,
      ended: r.ended_at !== null,
    }));
  }

  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('records start and end of each instance per version; running ones are counted per version', async () => {
    await s.zeebe.deployResources([{ name: 'instance-log-probe.bpmn', content: probe('v1') }]);
    const a = await s.zeebe.createProcessInstance({
      bpmnProcessId: 'instance-log-probe',
      variables: { caseId: 'A' },
    });
    await s.zeebe.deployResources([{ name: 'instance-log-probe.bpmn', content: probe('v2') }]);
    const b = await s.zeebe.createProcessInstance({
      bpmnProcessId: 'instance-log-probe',
      variables: { caseId: 'B' },
    });
    const c = await s.zeebe.createProcessInstance({
      bpmnProcessId: 'instance-log-probe',
      variables: { caseId: 'C' },
    });

    // all three wait for their message (no task): started, on their version, not ended
    const started = await until(records, (r) => r.length === 3, 'three started instances');
    expect(started).toEqual(
      [
        { key: a.processInstanceKey, version: 1, started: true, ended: false },
        { key: b.processInstanceKey, version: 2, started: true, ended: false },
        { key: c.processInstanceKey, version: 2, started: true, ended: false },
      ].sort((x, y) => (BigInt(x.key) < BigInt(y.key) ? -1 : 1)),
    );
    const running = await s.inContext(() =>
      s.orm.em
        .fork()
        .getConnection()
        .execute<{ version: number; n: number }[]>(
          `select version, count(*)::int as n from process_instance_record
          where bpmn_process_id = 'instance-log-probe' and ended_at is null group by version order by version`,
        ),
    );
    expect(running).toEqual([
      { version: 1, n: 1 },
      { version: 2, n: 2 },
    ]);

    // the old instance finishes on its version: its end is recorded
    await s.zeebe.publishMessage({ name: 'ProbeDone', correlationKey: 'A', variables: {} });
    const after = await until(
      records,
      (r) => r.find((x) => x.key === a.processInstanceKey)?.ended === true,
      'the end of instance A',
    );
    expect(
      after
        .filter((r) => !r.ended)
        .map((r) => r.key)
        .sort(),
    ).toEqual([b.processInstanceKey, c.processInstanceKey].sort());
  });
});
