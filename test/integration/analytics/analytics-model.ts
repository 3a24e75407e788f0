/**
 * The small process the analytics specs run through the real embedded engine: a two-day waiting
 * period (timer), the caseworker's check (user task of the complaints office, due at `dueAt`), then
 * "Genehmigt" or "Abgelehnt" by the variable `approve`. With the instance-log listeners of every
 * shipped model, so that the observed source (real Zeebe) sees it too.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ZeebeService } from '../../../src/engine/zeebe.service';
import type { EmbeddedEngine } from '../../../src/engine/embedded';
import { bpmn, chain, flow } from '../../utils/engine';
import { deployUserTaskProcess } from '../../utils/user-tasks';

// bpmn-auto-layout ships no type declarations
const { layoutProcess } = require('bpmn-auto-layout') as { layoutProcess: (xml: string) => Promise<string> };

export const PROCESS_ID = 'analytics-test';
export const DAY = 86_400_000;

export const ANALYTICS_MODEL = bpmn(
  PROCESS_ID,
  `    <bpmn:extensionElements>
      <zeebe:executionListeners>
        <zeebe:executionListener eventType="start" type="platform-instance-started" />
        <zeebe:executionListener eventType="end" type="platform-instance-ended" />
      </zeebe:executionListeners>
    </bpmn:extensionElements>
    <bpmn:startEvent id="start" name="Antrag eingegangen" />
    <bpmn:intermediateCatchEvent id="frist" name="Frist abwarten">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT48H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="pruefen" name="Antrag prüfen">
      <bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="BS" />
        <zeebe:taskSchedule dueDate="=dueAt" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="entscheidung" name="Genehmigt?" default="f_nein" />
    <bpmn:endEvent id="genehmigt" name="Genehmigt" />
    <bpmn:endEvent id="abgelehnt" name="Abgelehnt" />
    ${chain('start', 'frist', 'pruefen', 'entscheidung')}
    ${flow('f_ja', 'entscheidung', 'genehmigt', '=approve = true')}
    ${flow('f_nein', 'entscheidung', 'abgelehnt')}`,
);

/** deploys the model with a diagram (bpmn-auto-layout), so that the heatmap has shapes to draw on */
export async function deployAnalyticsModel(app: INestApplication): Promise<void> {
  await deployUserTaskProcess(app, PROCESS_ID, await layoutProcess(ANALYTICS_MODEL));
}

export function engineOf(app: INestApplication): EmbeddedEngine {
  const engine = app.get(ZeebeService).embeddedEngine;
  if (!engine) throw new Error('the analytics specs need the embedded engine');
  return engine;
}

export async function startInstance(app: INestApplication, approve: boolean): Promise<string> {
  const engine = engineOf(app);
  const dueAt = new Date((await engine.clock.now()).getTime() + 3_600_000).toISOString();
  const created = await app.get(ZeebeService).client.createProcessInstance({
    bpmnProcessId: PROCESS_ID,
    variables: { approve, dueAt },
  });
  return String(created.processInstanceKey);
}

export interface TaskItem {
  id: string;
  processInstanceKey: string;
  state: string;
  createdAt: string;
  claimedAt: string | null;
  completedAt: string | null;
}

/** waits (condition-based) until the caseworker's task list has the instance's task */
export async function taskOf(agent: request.Agent, processInstanceKey: string): Promise<TaskItem> {
  for (let i = 0; i < 400; i++) {
    const res = await agent
      .get('/api/tasks')
      .query({ view: 'unit', process: PROCESS_ID, pageSize: 200 })
      .expect(200);
    const found = (res.body as { items: TaskItem[] }).items.find(
      (t) => t.processInstanceKey === processInstanceKey,
    );
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no task for instance ${processInstanceKey}`);
}

/** claims and completes the instance's task as the signed-in caseworker; answers the task as then */
export async function claimAndComplete(
  agent: request.Agent,
  csrf: string,
  processInstanceKey: string,
): Promise<TaskItem> {
  const task = await taskOf(agent, processInstanceKey);
  await agent.post(`/api/tasks/${task.id}/claim`).set('x-csrf-token', csrf).expect(200);
  await agent.post(`/api/tasks/${task.id}/complete`).set('x-csrf-token', csrf).send({ data: {} }).expect(200);
  return (await agent.get(`/api/tasks/${task.id}`).expect(200)).body as TaskItem;
}

/** waits until the engine's instance is no longer active */
export async function waitForInstanceEnd(app: INestApplication, processInstanceKey: string): Promise<void> {
  const engine = engineOf(app);
  for (let i = 0; i < 400; i++) {
    const view = await engine.inspect.instance(processInstanceKey);
    if (!view || view.state !== 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`instance ${processInstanceKey} did not end`);
}

/** waits until the instance waits at the element (e.g. its timer is set, after the start listener) */
export async function waitForActive(
  app: INestApplication,
  processInstanceKey: string,
  elementId: string,
): Promise<void> {
  const engine = engineOf(app);
  for (let i = 0; i < 400; i++) {
    const view = await engine.inspect.instance(processInstanceKey);
    if (view?.activeElements.includes(elementId)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`instance ${processInstanceKey} did not reach ${elementId}`);
}
