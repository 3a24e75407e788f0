import type { UserTaskModel } from './task-models';

/** Zeebe's job type of job-based user tasks */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/** An activated job as the SDK hands it over (the fields the collector reads). */
export interface ActivatedUserTaskJob {
  key: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  customHeaders: Record<string, unknown>;
  variables: Record<string, unknown>;
  /** epoch ms (the SDK gives a string) */
  deadline: string | number;
}

/** The task row's fields taken from a job and the model. */
export interface UserTaskFields {
  jobKey: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  processVersion: number;
  elementId: string;
  name: string;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: Date | null;
  followUpDate: Date | null;
  formId: string | null;
  variables: Record<string, unknown>;
  personId: string | null;
  caseId: string | null;
  jobDeadline: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `io.camunda.zeebe:candidateGroups` is a JSON list; a bare or comma-separated string is accepted too */
export function parseCandidateGroups(header: unknown): string[] {
  if (typeof header !== 'string' || header.trim() === '') return [];
  try {
    const value = JSON.parse(header) as unknown;
    if (Array.isArray(value)) return value.map(String);
    return [String(value)];
  } catch {
    return header
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
  }
}

/** due and follow-up dates are ISO 8601 date-times; anything else is no date */
export function parseHeaderDate(header: unknown): Date | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const d = new Date(header);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Maps an activated user-task job (headers, variables personId/caseId) and its model to task fields. */
export function taskFieldsOf(
  job: ActivatedUserTaskJob,
  model: UserTaskModel | undefined,
  jobTimeoutMs: number,
  now: number = Date.now(),
): UserTaskFields {
  const headers = job.customHeaders ?? {};
  const variables = job.variables ?? {};
  const assignee = headers['io.camunda.zeebe:assignee'];
  const deadline = Number(job.deadline);
  const caseId = variables.caseId;
  return {
    jobKey: String(job.key),
    processInstanceKey: String(job.processInstanceKey),
    elementInstanceKey: String(job.elementInstanceKey),
    bpmnProcessId: job.bpmnProcessId,
    processVersion: Number(job.processDefinitionVersion),
    elementId: job.elementId,
    name: (model?.name ?? job.elementId).slice(0, 500),
    candidateGroups: parseCandidateGroups(headers['io.camunda.zeebe:candidateGroups']),
    assignee: typeof assignee === 'string' && assignee !== '' ? assignee : null,
    dueDate: parseHeaderDate(headers['io.camunda.zeebe:dueDate']),
    followUpDate: parseHeaderDate(headers['io.camunda.zeebe:followUpDate']),
    formId: model?.formId ?? null,
    variables,
    personId:
      typeof variables.personId === 'string' && UUID.test(variables.personId) ? variables.personId : null,
    caseId: typeof caseId === 'string' || typeof caseId === 'number' ? String(caseId).slice(0, 64) : null,
    jobDeadline: new Date(Number.isFinite(deadline) && deadline > 0 ? deadline : now + jobTimeoutMs),
  };
}
