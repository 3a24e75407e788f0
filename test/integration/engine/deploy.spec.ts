import {
  CLIENTS,
  bpmn,
  chain,
  deploy,
  expectGrpcError,
  expectZeebeKey,
  oneTaskProcess,
  uid,
  useTestEngine,
} from '../../utils/engine';

jest.setTimeout(30_000);

/** DeployResource (BPMN and forms), versioning, refused models, Topology, UNIMPLEMENTED RPCs. */
const t = useTestEngine();

const form = (id: string, label = 'Name') =>
  JSON.stringify({
    id,
    type: 'default',
    schemaVersion: 16,
    components: [{ key: 'name', label, type: 'textfield' }],
  });

describe.each(CLIENTS)('deployment and topology (%s)', (client) => {
  const api = () => t.apis[client];

  it('answers Topology with one healthy leader partition', async () => {
    const topo = await api().topology();
    expect(topo.clusterSize).toBe(1);
    expect(topo.partitionsCount).toBe(1);
    expect(topo.replicationFactor).toBe(1);
    expect(typeof topo.gatewayVersion).toBe('string');
    expect(topo.brokers).toHaveLength(1);
    expect(topo.brokers[0].partitions).toEqual([{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }]);
  });

  it('deploys a BPMN process and a form in one deployment, with int64 keys', async () => {
    const pid = uid('deploy_pf');
    const formId = uid('form');
    const res = await api().deployResources([
      { name: `${pid}.bpmn`, content: oneTaskProcess(pid, uid('t')) },
      { name: `${formId}.form`, content: form(formId) },
    ]);
    expectZeebeKey(res.key);
    expect(res.processes).toHaveLength(1);
    expect(res.processes[0]).toMatchObject({
      bpmnProcessId: pid,
      version: 1,
      resourceName: `${pid}.bpmn`,
    });
    expectZeebeKey(res.processes[0].processDefinitionKey);
    expect(res.forms).toHaveLength(1);
    expect(res.forms[0]).toMatchObject({ formId, version: 1, resourceName: `${formId}.form` });
    expectZeebeKey(res.forms[0].formKey);
    // keys are unique
    const keys = new Set([res.key, res.processes[0].processDefinitionKey, res.forms[0].formKey]);
    expect(keys.size).toBe(3);
  });

  it('keeps version and key for an unchanged resource and counts up for a changed one', async () => {
    const pid = uid('deploy_ver');
    const type = uid('t');
    const v1 = await deploy(api(), oneTaskProcess(pid, type));
    const again = await deploy(api(), oneTaskProcess(pid, type));
    expect(again.processes[0].version).toBe(1);
    expect(again.processes[0].processDefinitionKey).toBe(v1.processes[0].processDefinitionKey);

    const v2 = await deploy(api(), oneTaskProcess(pid, `${type}_changed`));
    expect(v2.processes[0].bpmnProcessId).toBe(pid);
    expect(v2.processes[0].version).toBe(2);
    expect(v2.processes[0].processDefinitionKey).not.toBe(v1.processes[0].processDefinitionKey);
    expect(BigInt(v2.processes[0].processDefinitionKey)).toBeGreaterThan(
      BigInt(v1.processes[0].processDefinitionKey),
    );
  });

  it('keeps version and key for an unchanged form and counts up for a changed one', async () => {
    const formId = uid('form_ver');
    const f1 = await api().deployResources([{ name: `${formId}.form`, content: form(formId) }]);
    const same = await api().deployResources([{ name: `${formId}.form`, content: form(formId) }]);
    expect(same.forms[0].version).toBe(1);
    expect(same.forms[0].formKey).toBe(f1.forms[0].formKey);
    const f2 = await api().deployResources([{ name: `${formId}.form`, content: form(formId, 'Vorname') }]);
    expect(f2.forms[0].version).toBe(2);
    expect(f2.forms[0].formKey).not.toBe(f1.forms[0].formKey);
  });

  it('accepts a model as the Modeler writes it (incoming/outgoing references)', async () => {
    const pid = uid('deploy_modeler');
    const xml = bpmn(
      pid,
      `    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:endEvent id="end"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />`,
    );
    await deploy(api(), xml);
    const res = await api().createProcessInstanceWithResult({ bpmnProcessId: pid, variables: { a: 1 } });
    expect(res.variables).toEqual({ a: 1 });
  });

  it('refuses malformed XML with INVALID_ARGUMENT and the parser message, deploying nothing', async () => {
    const pid = uid('deploy_bad_xml');
    const broken = oneTaskProcess(pid, uid('t')).replace('</bpmn:process>', '</bpmn:proces>');
    const message = await expectGrpcError(
      deploy(api(), broken, `${pid}.bpmn`),
      'INVALID_ARGUMENT',
      `${pid}.bpmn`,
    );
    // more than just the resource name: the parser's own words
    expect(message.replace(`${pid}.bpmn`, '').trim().length).toBeGreaterThan(10);
    await expectGrpcError(api().createProcessInstance({ bpmnProcessId: pid }), 'NOT_FOUND');
  });

  it('refuses an element it cannot run, naming element id and type, and deploys nothing', async () => {
    const pid = uid('deploy_unsupported');
    const xml = bpmn(
      pid,
      `    <bpmn:startEvent id="start" />
    <bpmn:complexGateway id="cg_1" />
    <bpmn:endEvent id="end" />
    ${chain('start', 'cg_1', 'end')}`,
    );
    const message = await expectGrpcError(deploy(api(), xml), 'INVALID_ARGUMENT');
    expect(message).toContain('cg_1');
    expect(message).toMatch(/complexGateway/i);
    await expectGrpcError(api().createProcessInstance({ bpmnProcessId: pid }), 'NOT_FOUND');
  });

  it('deploys atomically: one bad resource leaves the good one undeployed too', async () => {
    const good = uid('deploy_atomic_good');
    const bad = uid('deploy_atomic_bad');
    await expectGrpcError(
      api().deployResources([
        { name: `${good}.bpmn`, content: oneTaskProcess(good, uid('t')) },
        { name: `${bad}.bpmn`, content: '<bpmn:definitions this is not xml' },
      ]),
      'INVALID_ARGUMENT',
    );
    await expectGrpcError(api().createProcessInstance({ bpmnProcessId: good }), 'NOT_FOUND');
    await expectGrpcError(api().createProcessInstance({ bpmnProcessId: bad }), 'NOT_FOUND');
  });

  it('refuses a service task without a job type, naming the element', async () => {
    // Zeebe validation: a service task needs zeebe:taskDefinition with a type
    const pid = uid('deploy_no_type');
    const xml = bpmn(
      pid,
      `    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="task_without_type" />
    <bpmn:endEvent id="end" />
    ${chain('start', 'task_without_type', 'end')}`,
    );
    const message = await expectGrpcError(deploy(api(), xml), 'INVALID_ARGUMENT');
    expect(message).toContain('task_without_type');
    await expectGrpcError(api().createProcessInstance({ bpmnProcessId: pid }), 'NOT_FOUND');
  });

  it('answers an RPC the engine does not implement with UNIMPLEMENTED and a message', async () => {
    const message = await expectGrpcError(api().evaluateDecision('some_decision'), 'UNIMPLEMENTED');
    expect(message.length).toBeGreaterThan(0);
  });
});

describe('UNIMPLEMENTED for other RPCs (sdk)', () => {
  it('answers MigrateProcessInstance and ModifyProcessInstance with UNIMPLEMENTED', async () => {
    await expectGrpcError(
      t.sdk.migrateProcessInstance({
        processInstanceKey: '2251799813685249',
        migrationPlan: { targetProcessDefinitionKey: '2251799813685250', mappingInstructions: [] },
      }),
      'UNIMPLEMENTED',
    );
    await expectGrpcError(
      t.sdk.modifyProcessInstance({
        processInstanceKey: '2251799813685249',
        activateInstructions: [],
        terminateInstructions: [],
      }),
      'UNIMPLEMENTED',
    );
  });
});
