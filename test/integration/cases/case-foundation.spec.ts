import { CasesService } from '../../../src/cases';
import { DocumentsService } from '../../../src/documents';
import { ParametersService } from '../../../src/parameters';
import { createPerson } from '../../factories/person.factory';
import { useScenarioApp } from '../../utils/scenario';

describe('case file foundation: persons, status episodes, events, documents, registers', () => {
  const s = useScenarioApp();

  it('gives every person a unique local file number', async () => {
    const cases = s.service(CasesService);
    const a = await createPerson(cases);
    const b = await createPerson(cases);
    expect(a.fileNumber).toMatch(/^MIA-\d{4}-\d{6}$/);
    expect(b.fileNumber).not.toBe(a.fileNumber);
    expect((await cases.findByFileNumber(a.fileNumber))?.id).toBe(a.id);
  });

  it('finds a possible duplicate under another transliteration of the name', async () => {
    const cases = s.service(CasesService);
    const existing = await createPerson(cases, {
      familyName: 'Mohammed',
      givenNames: 'Youssef',
      dateOfBirth: '1990-01-01',
    });
    const found = await cases.findDuplicates({
      familyName: 'Muhammed',
      givenNames: 'Yusef',
      dateOfBirth: '1990-01-01',
    });
    expect(found.map((p) => p.id)).toContain(existing.id);
    const other = await cases.findDuplicates({
      familyName: 'Muhammed',
      givenNames: 'Yusef',
      dateOfBirth: '1991-01-01',
    });
    expect(other.map((p) => p.id)).not.toContain(existing.id);

    // without a date of birth, and through a recorded spelling variant
    const variant = await createPerson(cases, {
      familyName: 'Abdelrahman',
      givenNames: 'Fatima',
      nameVariants: ['Abd al-Rahman Fatimah'],
    });
    const byVariant = await cases.findDuplicates({ familyName: 'Abd al Rahman', givenNames: 'Fatima' });
    expect(byVariant.map((p) => p.id)).toEqual([variant.id]);
    expect(await cases.findDuplicates({ familyName: 'Schmidt', givenNames: 'Fatima' })).toEqual([]);
  });

  it('keeps status episodes time-sliced: a new episode supersedes, the old row is never changed', async () => {
    const cases = s.service(CasesService);
    const person = await createPerson(cases);
    const ctx = { idempotencyPrefix: 'test-1' };
    const gestattung = await cases.startStatusEpisode(
      person.id,
      {
        type: 'Aufenthaltsgestattung',
        legalBasis: '§ 55 AsylG',
        validFrom: '2024-01-10',
        conditions: { workAllowed: false, wohnsitzauflage: 'Burgenlandkreis' },
      },
      ctx,
    );
    const duldung = await cases.startStatusEpisode(
      person.id,
      {
        type: 'Duldung §60a',
        legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
        validFrom: '2025-06-01',
        validTo: '2025-11-30',
        supersedes: gestattung.id,
        conditions: { workAllowed: true },
      },
      { idempotencyPrefix: 'test-2' },
    );
    expect((await cases.statusAt(person.id, '2024-06-01')).map((e) => e.type)).toEqual([
      'Aufenthaltsgestattung',
    ]);
    expect((await cases.statusAt(person.id, '2025-07-01')).map((e) => e.id)).toEqual([duldung.id]);
    expect(await cases.statusAt(person.id, '2025-12-01')).toEqual([]);
    expect((await cases.statusHistory(person.id)).map((e) => e.type)).toEqual([
      'Aufenthaltsgestattung',
      'Duldung §60a',
    ]);
    await expect(
      s.inContext(() =>
        s.orm.em
          .getConnection()
          .execute(`update status_episode set valid_to = '2024-02-01' where id = ?`, [gestattung.id]),
      ),
    ).rejects.toThrow(/append-only/);
    const events = await cases.events(person.id);
    expect(events.filter((e) => e.type === 'StatusEpisodeStarted').map((e) => e.payload.statusType)).toEqual([
      'Aufenthaltsgestattung',
      'Duldung §60a',
    ]);
  });

  it('appends a domain event once even when the producing job runs twice', async () => {
    const cases = s.service(CasesService);
    const person = await createPerson(cases);
    const ctx = { idempotencyPrefix: 'job-4711', processInstanceKey: '2251799813685249', bpmnProcessId: 'x' };
    await cases.recordEvent(
      'PersonArrived',
      { arrivalDate: '2026-11-02' },
      { personId: person.id, occurredOn: '2026-11-02', ctx },
    );
    await cases.recordEvent(
      'PersonArrived',
      { arrivalDate: '2026-11-02' },
      { personId: person.id, occurredOn: '2026-11-02', ctx },
    );
    const events = await cases.events(person.id);
    expect(events.map((e) => [e.type, e.occurredOn])).toEqual([['PersonArrived', '2026-11-02']]);
    await expect(
      s.inContext(() =>
        s.orm.em.getConnection().execute(`delete from domain_event where person_id = ?`, [person.id]),
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('links a person to process instances once each', async () => {
    const cases = s.service(CasesService);
    const person = await createPerson(cases);
    const link = {
      processInstanceKey: '2251799813685300',
      bpmnProcessId: 'demo-intake',
      caseId: person.fileNumber,
    };
    await cases.linkProcess(person.id, link);
    await cases.linkProcess(person.id, link);
    expect((await cases.processLinks(person.id)).map((l) => l.processInstanceKey)).toEqual([
      '2251799813685300',
    ]);
  });

  it('issues a document once per key, as HTML and PDF with their hashes', async () => {
    const cases = s.service(CasesService);
    const documents = s.service(DocumentsService);
    const person = await createPerson(cases);
    const data = { subject: 'Vorsprache', paragraphs: ['Unterlagen <vollständig> vorgelegt.'] };
    const ref = {
      personId: person.id,
      caseId: person.fileNumber,
      idempotencyKey: 'job-1:aktenvermerk',
      issuedOn: '2026-11-28',
    };
    const first = await documents.issue('aktenvermerk', data, ref);
    const again = await documents.issue('aktenvermerk', data, ref);
    expect(again.id).toBe(first.id);
    expect(first.html).toContain('Datum: 28.11.2026');
    expect(first.html).toContain(`Aktenzeichen: ${person.fileNumber}`);
    expect(first.html).toContain('Unterlagen &lt;vollständig&gt; vorgelegt.');
    const pdf = await documents.pdf(first.id);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await documents.forPerson(person.id)).map((d) => d.title)).toEqual(['Aktenvermerk']);
    await expect(
      documents.issue('aktenvermerk', { paragraphs: ['ohne Betreff'] }, { ...ref, idempotencyKey: 'job-2' }),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_DATA_INVALID',
    });
    await expect(
      documents.issue('gibt-es-nicht', {}, { ...ref, idempotencyKey: 'job-3' }),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_TEMPLATE_UNKNOWN',
    });
  });

  it('reads versioned parameters as of a date', async () => {
    const parameters = s.service(ParametersService);
    await parameters.addVersion({
      key: 'test.waitingMonths',
      validFrom: '2019-08-21',
      value: 18,
      source: '§ 2 AsylbLG a.F.',
      kind: 'statutory',
      recordedBy: 'test',
    });
    await parameters.addVersion({
      key: 'test.waitingMonths',
      validFrom: '2024-02-27',
      value: 36,
      source: '§ 2 AsylbLG',
      kind: 'statutory',
      recordedBy: 'test',
    });
    expect(await parameters.get('test.waitingMonths', '2024-02-26')).toBe(18);
    expect(await parameters.get('test.waitingMonths', '2024-02-27')).toBe(36);
    await expect(parameters.get('test.waitingMonths', '2019-01-01')).rejects.toMatchObject({
      code: 'PARAMETER_MISSING',
    });
  });

  it('asks a register through the adapter and records the request; the manual adapter answers nothing', async () => {
    const cases = s.service(CasesService);
    const person = await createPerson(cases);
    await s.zeebe.deployResources([
      {
        name: 'register-probe.bpmn',
        content: `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="register-probe" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="azr" />
    <bpmn:serviceTask id="azr"><bpmn:extensionElements><zeebe:taskDefinition type="azr-request" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="azr" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
  <bpmn:message id="m" name="ProbeDone"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`,
      },
    ]);
    const key = await s.start('register-probe', {
      personId: person.id,
      caseId: person.fileNumber,
      registerPurpose: 'Test',
    });
    await s.waitForElement(key, 'azr');
    const vars = await s.variables(key);
    expect(vars.azrRequest).toMatchObject({ mode: 'manual' });
    expect(vars.azrRequest).not.toHaveProperty('answer');
    const rows = await s.inContext(() =>
      s.orm.em
        .getConnection()
        .execute<{ register: string; purpose: string; mode: string }[]>(
          `select register, purpose, mode from register_request where person_id = ?`,
          [person.id],
        ),
    );
    expect(rows).toEqual([{ register: 'AZR', purpose: 'Test', mode: 'manual' }]);
    await s.publish('ProbeDone', person.fileNumber);
    expect(await s.waitForEnd(key)).toEqual(['e']);
    expect(await s.path(key)).toEqual(['s', 'azr', 'wait', 'e']);
  });
});
