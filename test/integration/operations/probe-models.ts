/**
 * Models of the operations tests: a process whose service task is worked by a platform worker that
 * fails until fixed (`ops-probe-work`, retries 1: the first failure raises an incident), then waits for
 * a message (so that it can be cancelled while running). With diagram interchange, so that the
 * browser test's viewer draws it. Both carry the instance-log listeners, as every shipped model.
 */
export const PROBE_PROCESS_ID = 'ops-probe';
export const PROBE_JOB_TYPE = 'ops-probe-work';
export const PROBE_TASK_NAME = 'Daten abgleichen';
export const PROBE_WAIT_NAME = 'Auf Antwort warten';

export function probeModel(name = 'Betriebsprobe'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="ops-probe-definitions" targetNamespace="http://mia.example/ops">
  <bpmn:process id="${PROBE_PROCESS_ID}" name="${name}" isExecutable="true">
    <bpmn:extensionElements>
      <zeebe:executionListeners>
        <zeebe:executionListener eventType="start" type="platform-instance-started" />
        <zeebe:executionListener eventType="end" type="platform-instance-ended" />
      </zeebe:executionListeners>
    </bpmn:extensionElements>
    <bpmn:startEvent id="start" name="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="abgleich" />
    <bpmn:serviceTask id="abgleich" name="${PROBE_TASK_NAME}">
      <bpmn:extensionElements><zeebe:taskDefinition type="${PROBE_JOB_TYPE}" retries="1" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="abgleich" targetRef="warten" />
    <bpmn:intermediateCatchEvent id="warten" name="${PROBE_WAIT_NAME}">
      <bpmn:messageEventDefinition messageRef="antwort" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="warten" targetRef="ende" />
    <bpmn:endEvent id="ende" name="Ende" />
  </bpmn:process>
  <bpmn:message id="antwort" name="OpsProbeAnswer"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>
  <bpmndi:BPMNDiagram id="d1">
    <bpmndi:BPMNPlane id="p1" bpmnElement="${PROBE_PROCESS_ID}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="abgleich_di" bpmnElement="abgleich"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="warten_di" bpmnElement="warten"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="ende_di" bpmnElement="ende"><dc:Bounds x="482" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="428" y="120" /><di:waypoint x="482" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
