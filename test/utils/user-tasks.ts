import type { INestApplication } from '@nestjs/common';
import { ZeebeService } from '../../src/engine/zeebe.service';
import { TaskModelCatalogue } from '../../src/tasks';
import { bpmn, chain, escapeXml, sdkApi } from './engine';

/** one Zeebe user task of a test process */
export interface UserTaskSpec {
  id: string;
  name: string;
  /** candidate groups (agency units), e.g. "BS" */
  candidateGroups: string;
  /** a form of forms/ linked by zeebe:formDefinition */
  formId?: string;
  /** FEEL expressions of zeebe:taskSchedule, e.g. "=dueAt" */
  dueDate?: string;
  followUpDate?: string;
}

function userTask(t: UserTaskSpec): string {
  const schedule = [
    t.dueDate ? ` dueDate="${escapeXml(t.dueDate)}"` : '',
    t.followUpDate ? ` followUpDate="${escapeXml(t.followUpDate)}"` : '',
  ].join('');
  return `<bpmn:userTask id="${t.id}" name="${escapeXml(t.name)}">
      <bpmn:extensionElements>
        ${t.formId ? `<zeebe:formDefinition formId="${t.formId}" />` : ''}
        <zeebe:assignmentDefinition candidateGroups="${t.candidateGroups}" />
        ${schedule ? `<zeebe:taskSchedule${schedule} />` : ''}
      </bpmn:extensionElements>
    </bpmn:userTask>`;
}

/** an executable process: start → the user tasks in order → end */
export function userTaskProcess(processId: string, tasks: UserTaskSpec[]): string {
  return bpmn(
    processId,
    `    <bpmn:startEvent id="start" />
    ${tasks.map(userTask).join('\n    ')}
    <bpmn:endEvent id="end" />
    ${chain('start', ...tasks.map((t) => t.id), 'end')}`,
  );
}

/** makes a test process known to the task list (its user tasks) and deploys it to the engine */
export async function deployUserTaskProcess(
  app: INestApplication,
  processId: string,
  xml: string,
): Promise<void> {
  await app.get(TaskModelCatalogue).addXml(xml);
  await sdkApi(app.get(ZeebeService).client).deployResources([{ name: `${processId}.bpmn`, content: xml }]);
}
