/**
 * The answer to a request for access (Art. 15 DSGVO): everything the platform holds about one person,
 * as the JSON export carries it (the PDF shows the same in German). Keys are the platform's field names;
 * dates are ISO (YYYY-MM-DD), instants ISO 8601 UTC.
 */
export const ACCESS_EXPORT_FORMAT = 'mia-auskunft-art15/1';

export interface AccessExportProcess {
  processInstanceKey: string;
  bpmnProcessId: string;
  /** German name of the process */
  name: string;
  caseId: string;
  /** the person's role in the instance, e.g. "subject" */
  role: string;
  linkedAt: string;
  /** the engine's version of the model, if known */
  version: number | null;
  /** ACTIVE, COMPLETED, TERMINATED; null when the platform does not know it */
  state: string | null;
  startedAt: string | null;
  endedAt: string | null;
  activeElementIds: string[];
  /** the process variables: from the engine (embedded) or as the platform last saw them in a task */
  variables: Record<string, unknown>;
  variablesSource: 'engine' | 'task' | 'none';
  /** instances the process called (call activities), with their state and variables */
  calledInstances: {
    processInstanceKey: string;
    bpmnProcessId: string;
    state: string;
    variables: Record<string, unknown>;
  }[];
}

export interface AccessExportTask {
  id: string;
  name: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  elementId: string;
  candidateGroups: string[];
  assignee: string | null;
  state: string;
  createdAt: string;
  claimedAt: string | null;
  completedAt: string | null;
  dueDate: string | null;
  followUpDate: string | null;
  formId: string | null;
  variables: Record<string, unknown>;
  draft: Record<string, unknown> | null;
  draftSavedAt: string | null;
  draftBy: string | null;
}

export interface AccessExport {
  format: typeof ACCESS_EXPORT_FORMAT;
  legalBasis: 'Art. 15 DSGVO';
  controller: string;
  generatedAt: string;
  generatedBy: { username: string; displayName: string };
  person: {
    id: string;
    fileNumber: string;
    familyName: string;
    givenNames: string;
    nameVariants: string[];
    dateOfBirth: string | null;
    dateOfBirthEstimated: boolean;
    sex: string | null;
    nationalities: string[];
    azrNumber: string | null;
    bamfFileNumber: string | null;
    entryDate: string | null;
    identityClarified: boolean | null;
    identityEvidence: string | null;
    identityClarifiedOn: string | null;
    language: string | null;
    vulnerabilities: string[];
    municipality: string | null;
    /** the search keys derived from the names (folded spellings and consonant skeletons) */
    searchKeys: { nameFold: string | null; nameSkeleton: string | null };
    createdAt: string;
    updatedAt: string;
  };
  /** the household (Bedarfsgemeinschaft); the other members are counted, not named (Art. 15 Abs. 4) */
  household: {
    id: string;
    reference: string | null;
    address: string | null;
    municipality: string | null;
    createdAt: string;
    otherMembers: number;
  } | null;
  statusEpisodes: {
    id: string;
    type: string;
    legalBasis: string | null;
    validFrom: string;
    validTo: string | null;
    conditions: Record<string, unknown>;
    supersedes: string | null;
    processInstanceKey: string | null;
    recordedAt: string;
  }[];
  domainEvents: {
    id: string;
    type: string;
    occurredOn: string;
    payload: Record<string, unknown>;
    processInstanceKey: string | null;
    bpmnProcessId: string | null;
    recordedAt: string;
  }[];
  processes: AccessExportProcess[];
  tasks: AccessExportTask[];
  notes: { id: string; author: string; authorName: string; text: string; createdAt: string }[];
  followUps: {
    id: string;
    unit: string;
    owner: string;
    ownerName: string;
    dueOn: string;
    reason: string;
    status: string;
    createdBy: string;
    createdAt: string;
    doneAt: string | null;
    doneBy: string | null;
    events: {
      kind: string;
      actor: string;
      actorName: string;
      at: string;
      comment: string | null;
      dueOnBefore: string | null;
      dueOnAfter: string | null;
    }[];
  }[];
  documents: {
    id: string;
    templateId: string;
    title: string;
    unit: string;
    caseId: string;
    processInstanceKey: string | null;
    createdAt: string;
    remedy: unknown;
    /** SHA-256 (hex) of the PDF as issued */
    sha256: string;
    htmlSha256: string;
    /** the PDF as issued, base64 */
    pdfBase64: string;
  }[];
  /** rows of the agencies' own tables that name the person (accommodation, payment card, registers, …) */
  otherRecords: { table: string; rows: Record<string, unknown>[] }[];
  /** the audit trail's entries about the person: who read or changed what, and when */
  auditEntries: {
    seq: string;
    occurredAt: string;
    actor: string;
    roles: string[];
    units: string[];
    action: string;
    resourceType: string;
    resourceId: string | null;
    outcome: string;
    details: Record<string, unknown> | null;
  }[];
  /** where process state and variables came from: the embedded engine, or what the platform observes */
  engineSource: 'engine' | 'platform';
}
