import {
  CLIENTS,
  activateN,
  activateNow,
  activateOne,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  uid,
  useTestEngine,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** Multi-instance activities, parallel and sequential. */
const t = useTestEngine();

function miProcess(
  pid: string,
  type: string,
  opts: { sequential?: boolean; completionCondition?: string; outputElement?: string } = {},
) {
  const completion = opts.completionCondition
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${opts.completionCondition}</bpmn:completionCondition>`
    : '';
  return bpmn(
    pid,
    `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="per_item">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="${opts.sequential ? 'true' : 'false'}">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=items" inputElement="item"
            outputCollection="results" outputElement="${opts.outputElement ?? '=result'}" />
        </bpmn:extensionElements>
        ${completion}
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'per_item', 'end')}`,
  );
}

describe.each(CLIENTS)('multi-instance (%s)', (client) => {
  const api = () => t.apis[client];

  it('parallel: one job per item with item and loopCounter; outputs collected in input order', async () => {
    const pid = uid('mi_par');
    const type = uid('item');
    await deploy(api(), miProcess(pid, type));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { items: ['a', 'b', 'c'] },
      requestTimeout: 20_000,
    });
    const jobs = await activateN(api(), type, 3);
    expect(jobs.map((j) => j.variables.item).sort()).toEqual(['a', 'b', 'c']);
    for (const j of jobs) {
      expect(j.variables.loopCounter).toBe(['a', 'b', 'c'].indexOf(j.variables.item as string) + 1);
      expect(j.variables.items).toEqual(['a', 'b', 'c']);
    }
    // complete in reverse input order
    const byItem = [...jobs].sort((x, y) => String(y.variables.item).localeCompare(String(x.variables.item)));
    for (const j of byItem) {
      await api().completeJob(j.key, { result: String(j.variables.item).toUpperCase() });
    }
    const res = await pending;
    expect(res.variables.results).toEqual(['A', 'B', 'C']);
    // inner locals (item, loopCounter, result) do not leak to the process
    expect(res.variables).not.toHaveProperty('item');
    expect(res.variables).not.toHaveProperty('loopCounter');
  });

  it('sequential: one job at a time, in input order', async () => {
    const pid = uid('mi_seq');
    const type = uid('item');
    await deploy(api(), miProcess(pid, type, { sequential: true, outputElement: '=item * 10' }));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { items: [3, 1, 2] },
      requestTimeout: 20_000,
    });
    const seen: Array<[unknown, unknown]> = [];
    for (let i = 0; i < 3; i++) {
      const job = await activateOne(api(), type);
      expect(await activateNow(api(), type)).toEqual([]); // never two at once
      seen.push([job.variables.item, job.variables.loopCounter]);
      await api().completeJob(job.key);
    }
    expect(seen).toEqual([
      [3, 1],
      [1, 2],
      [2, 3],
    ]);
    expect((await pending).variables.results).toEqual([30, 10, 20]);
  });

  it('completionCondition ends the activity early and cancels the remaining instances', async () => {
    const pid = uid('mi_cond');
    const type = uid('item');
    await deploy(api(), miProcess(pid, type, { completionCondition: '=numberOfCompletedInstances &gt;= 2' }));
    const pending = api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { items: ['x', 'y', 'z'] },
      requestTimeout: 20_000,
    });
    const jobs = await activateN(api(), type, 3);
    await api().completeJob(jobs[0].key, { result: 1 });
    await api().completeJob(jobs[1].key, { result: 2 });
    const res = await pending;
    expect(res.variables.results).toHaveLength(3);
    expect((res.variables.results as unknown[]).filter((r) => r !== null).sort()).toEqual([1, 2]);
    await expectGrpcError(api().completeJob(jobs[2].key), 'NOT_FOUND');
  });

  it('an empty input collection completes at once with an empty output collection', async () => {
    const pid = uid('mi_empty');
    const type = uid('item');
    await deploy(api(), miProcess(pid, type));
    const res = await api().createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { items: [] },
      requestTimeout: 10_000,
    });
    expect(res.variables).toEqual({ items: [], results: [] });
  });
});

describe('multi-instance with output mappings (sdk)', () => {
  it('the output element sees the job result kept local by the output mapping', async () => {
    const pid = uid('mi_out_map');
    const type = uid('item');
    await deploy(
      t.apis.sdk,
      bpmn(
        pid,
        `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="per_item">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${type}" />
        <zeebe:ioMapping><zeebe:output source="=result" target="lastResult" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=items" inputElement="item"
            outputCollection="results" outputElement="=result * 10" />
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    ${chain('start', 'per_item', 'end')}`,
      ),
    );
    const pending = t.apis.sdk.createProcessInstanceWithResult({
      bpmnProcessId: pid,
      variables: { items: [1, 2, 3] },
      requestTimeout: 20_000,
    });
    for (let i = 0; i < 3; i++) {
      const job = await activateOne(t.apis.sdk, type);
      await t.apis.sdk.completeJob(job.key, { result: (job.variables.item as number) + 1 });
    }
    const res = await pending;
    expect(res.variables.results).toEqual([20, 30, 40]);
    // only the mapped target reaches the process; the job's own variable stays in the inner instance
    expect(res.variables.lastResult).toBe(4);
    expect(res.variables).not.toHaveProperty('result');
  });
});
