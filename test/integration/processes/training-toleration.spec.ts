/**
 * Ausbildungsduldung (§ 60c AufenthG) with the § 16g variant (processes/training-toleration.bpmn), end to
 * end through the embedded engine, the real workers and PostgreSQL: granted after the earliest-grant
 * timer (and followed to the § 19d Abs. 1a permit), refused after an Anhörung, lapsed on an early end
 * of training with the 6-month search Duldung, and the § 16g residence permit with the BA approval
 * fiction.
 */
import { CasesService, type Person } from '../../../src/cases';
import { addDays, addMonths } from '../../../src/common/calendar';
import { DocumentsService } from '../../../src/documents';
import {
  activeChild,
  toleratedPerson,
  trainingApplication,
  trainingRegisters,
} from '../../utils/training-toleration-journey';
import { useScenarioApp } from '../../utils/scenario';

const PROCESS = 'training-toleration';

describe('process training-toleration (§ 60c / § 16g AufenthG)', () => {
  const s = useScenarioApp();

  /** a tolerated person: entered 3 years ago, passport 2 months after entry, asylum claim rejected */
  const tolerated = (today: string, duldungSince: string) => toleratedPerson(s, today, duldungSince);
  const application = trainingApplication;
  const registers = trainingRegisters;

  const grantDecision = {
    decision: 'grant',
    decisionReason: 'Alle Voraussetzungen liegen vor; keine Ausschlussgründe.',
    secondReviewer: 'MK',
  };

  /** case Nr. 1 (§ 60c Abs. 1 S. 1 Nr. 1): training taken up during the asylum procedure, chamber registration applied for */
  function nr1(trainingStart: string, extra: Record<string, unknown> = {}, chamberDaysBefore = 20) {
    return {
      caseType: 'nr1',
      trainingBeganDuringAsylumProcedure: true,
      chamberRegistrationAppliedOn: addDays(trainingStart, -chamberDaysBefore),
      ...extra,
    };
  }

  async function startApplication(person: Person, today: string): Promise<string> {
    return s.start(PROCESS, { personId: person.id, caseId: person.fileNumber, applicationDate: today });
  }

  const CHECK = 'training-toleration-check';
  const MONITORING = 'training-toleration-monitoring';

  /** the active instance of a called process under the case's instance (waits for it) */
  const child = (parent: string, processId: string, skip: string[] = []) =>
    activeChild(s, parent, processId, skip);

  /** records the AZR/BZR answers in the (next) check instance; returns its key */
  async function registersIn(
    parent: string,
    data: Record<string, unknown>,
    skip: string[] = [],
  ): Promise<string> {
    const check = await child(parent, CHECK, skip);
    await s.completeUserTask(check, 'Task_RegisterauskuenfteErfassen', data);
    return check;
  }

  const templatesOf = async (key: string): Promise<string[]> =>
    (await s.service(DocumentsService).forProcessInstance(key)).map((d) => d.templateId).sort();

  it('grants the Ausbildungsduldung not before 6 months ahead of training start, then the § 19d Abs. 1a permit after the exam', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -5);
    const person = await tolerated(today, duldungSince);
    const trainingStart = addDays(addMonths(today, 6), 20);
    const earliest = addMonths(trainingStart, -6);
    const key = await startApplication(person, today);

    await s.completeUserTask(key, 'Task_AntragsdatenErfassen', application(today, trainingStart));
    await registersIn(key, registers(today, duldungSince));

    // all checks passed: the instance waits for the earliest grant date (§ 60c Abs. 3 S. 2)
    await s.waitForElement(key, 'Timer_FruehesterErteilungszeitpunkt', 'ELEMENT_ACTIVATED');
    const waiting = await s.variables(key);
    expect(waiting.variant).toBe('60c');
    expect(waiting.earliestGrantDate).toBe(earliest);
    expect(await s.path(key)).not.toContain('Timer_FruehesterErteilungszeitpunkt');
    expect(await s.path(key)).not.toContain('Gateway_Anhoerung');

    await s.advanceClock('P1M');
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    await s.waitForElement(key, 'Task_DuldungErteilen');
    const grantedOn = await s.today();

    const trainingEnd = addDays(addMonths(trainingStart, 36), -1);
    const cases = s.service(CasesService);
    const [episode] = (await cases.statusAt(person.id, grantedOn)).filter((e) => e.type === 'Duldung §60c');
    expect(episode).toMatchObject({
      legalBasis: '§ 60c AufenthG',
      validFrom: grantedOn,
      validTo: trainingEnd,
    });
    expect(episode.conditions.workAllowed).toBe(true);
    expect(episode.conditions.other?.[0]).toContain('Muster Haustechnik GmbH');
    // the ordinary Duldung is superseded, not changed
    expect((await cases.statusAt(person.id, grantedOn)).map((e) => e.type)).toEqual(['Duldung §60c']);
    const granted = (await cases.events(person.id)).filter((e) => e.type === 'DuldungGranted');
    expect(granted.map((e) => e.payload)).toEqual([
      {
        category: 'vocational training',
        legalBasis: '§ 60c AufenthG',
        validFrom: grantedOn,
        validTo: trainingEnd,
      },
    ]);
    expect(await templatesOf(key)).toEqual([
      'abh-training-toleration-certificate',
      'abh-training-toleration-grant',
      'abh-training-toleration-notice',
      'abh-training-toleration-notice',
      'abh-training-toleration-reporting-duty',
    ]);
    const docs = await s.service(DocumentsService).forProcessInstance(key);
    const certificate = docs.find((d) => d.templateId === 'abh-training-toleration-certificate')!;
    expect(certificate.html).toContain('Duldung nach § 60c AufenthG');
    expect(certificate.html).toContain('Muster Haustechnik GmbH');
    expect(certificate.html).toContain(trainingEnd.split('-').reverse().join('.'));
    const notices = docs.filter((d) => d.templateId === 'abh-training-toleration-notice').map((d) => d.html);
    expect(notices.some((h) => h.includes('Leistungsgewährung AsylbLG'))).toBe(true);
    expect(notices.some((h) => h.includes('IvAF-Projekt'))).toBe(true);
    const grant = docs.find((d) => d.templateId === 'abh-training-toleration-grant')!;
    expect(grant.html).toContain('Rechtsbehelfsbelehrung');

    // two months before the contract ends the ABH asks for the exam status; the exam is passed
    await s.advanceClock('P42M');
    const monitoring = await child(key, MONITORING);
    await s.completeUserTask(monitoring, 'Task_PruefungsstandErfragen', {
      examStatus: 'exam-scheduled',
      examDate: addMonths(trainingEnd, -1),
    });
    await s.waitForElement(monitoring, 'Event_AusbildungBestanden', 'ELEMENT_ACTIVATED');
    const passedOn = await s.today();
    await s.publish('AusbildungBestanden', person.fileNumber, { examPassedOn: passedOn });
    await s.completeUserTask(key, 'Task_WeiterbeschaeftigungKlaeren', {
      keptOnByCompany: true,
      employmentMatchesQualification: true,
      germanB1: true,
      adequateHousing: true,
    });
    expect(await s.waitForEnd(key)).toEqual(['EndEvent_AnschlussstatusErteilt']);
    const permitFrom = addDays(passedOn, 1);
    const [permit] = await cases.statusAt(person.id, permitFrom);
    expect(permit).toMatchObject({
      type: 'Aufenthaltserlaubnis',
      legalBasis: '§ 19d Abs. 1a AufenthG',
      validTo: addDays(addMonths(permitFrom, 24), -1),
    });
    const types = (await cases.events(person.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['TrainingCompleted', 'ResidencePermitGranted']));
    expect(await s.incidents(key)).toEqual([]);
  });

  it('refuses after an Anhörung when the prior Duldung is shorter than 3 months', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -1);
    const person = await tolerated(today, duldungSince);
    const trainingStart = addMonths(today, 2);
    const key = await startApplication(person, today);

    await s.completeUserTask(key, 'Task_AntragsdatenErfassen', application(today, trainingStart));
    await registersIn(key, registers(today, duldungSince));

    // NOT_ELIGIBLE → the Anhörung letter with the reason and a 2-week deadline
    await s.waitForElement(key, 'Task_AnhoerungsschreibenVersenden');
    const vars = await s.variables(key);
    expect(
      (vars.refusalReasons as { code: string; paragraph: string }[]).map((r) => [r.code, r.paragraph]),
    ).toEqual([['NR2_PRIOR_DULDUNG_TOO_SHORT', '§ 60c Abs. 2 Nr. 2 AufenthG, § 60b Abs. 5 S. 1 AufenthG']]);
    const hearing = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-hearing',
    )!;
    expect(hearing.html).toContain('§ 60c Abs. 2 Nr. 2 AufenthG');
    expect(hearing.html).toContain(addDays(today, 14).split('-').reverse().join('.'));
    expect(await s.path(key)).not.toContain('Timer_Anhoerungsfrist');

    await s.advanceClock('P15D');
    await s.completeUserTask(key, 'Task_StellungnahmeAuswerten', {
      statementReceived: false,
      hearingAssessment: 'Keine Stellungnahme eingegangen; der Ablehnungsgrund besteht fort.',
    });
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', {
      decision: 'refuse',
      decisionReason: 'Die Vorduldungszeit ist nicht erfüllt.',
      secondReviewer: 'AB',
    });
    expect(await s.waitForEnd(key)).toEqual(['EndEvent_AntragAbgelehnt']);

    const path = await s.path(key);
    expect(path).toEqual(
      expect.arrayContaining([
        'Boundary_NichtErfuellt',
        'Timer_Anhoerungsfrist',
        'Task_AblehnungsbescheidVersenden',
      ]),
    );
    expect(path).not.toContain('Task_DuldungErteilen');
    expect(await templatesOf(key)).toEqual([
      'abh-training-toleration-hearing',
      'abh-training-toleration-refusal',
    ]);
    const refusal = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-refusal',
    )!;
    expect(refusal.html).toContain('Rechtsbehelfsbelehrung');
    expect(refusal.html).toContain('Widerspruch oder Klage');
    const cases = s.service(CasesService);
    expect((await cases.statusAt(person.id, await s.today())).map((e) => e.type)).toEqual(['Duldung §60a']);
    expect((await cases.events(person.id)).filter((e) => e.type === 'DuldungGranted')).toEqual([]);
  });

  it('lets the Duldung lapse on AusbildungVorzeitigBeendet, grants the 6-month search Duldung once, then hands over to return management', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -8);
    const person = await tolerated(today, duldungSince);
    // case Nr. 1: training taken up during the asylum procedure, already running
    const trainingStart = addMonths(today, -10);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, trainingStart, nr1(trainingStart, {}, 30)),
    );
    await registersIn(key, registers(today, duldungSince));
    // case Nr. 1: no waiting for the earliest grant date
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    await s.waitForElement(await child(key, MONITORING), 'Timer_VorVertragsende', 'ELEMENT_ACTIVATED');

    await s.advanceClock('P2M');
    // the company reports within 2 weeks (§ 60c Abs. 5): the training ended 10 days ago
    const endedOn = addDays(await s.today(), -10);
    await s.publish('AusbildungVorzeitigBeendet', person.fileNumber, { trainingEndedOn: endedOn });
    await s.waitForElement(key, 'Task_ErloeschenFeststellen');

    const cases = s.service(CasesService);
    const searchUntil = addDays(addMonths(endedOn, 6), -1);
    const [search] = await cases.statusAt(person.id, endedOn);
    expect(search).toMatchObject({
      type: 'Duldung §60c',
      legalBasis: '§ 60c Abs. 6 S. 1 AufenthG',
      validFrom: endedOn,
      validTo: searchUntil,
    });
    const events = await cases.events(person.id);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['TrainingAborted', 'DuldungRevoked']));
    expect(events.filter((e) => e.type === 'DuldungGranted').map((e) => e.payload.category)).toEqual([
      'vocational training',
      'job search',
    ]);
    const letter = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-search-duldung',
    )!;
    expect(letter.html).toContain('§ 60c Abs. 4 AufenthG');
    expect(letter.html).toContain(searchUntil.split('-').reverse().join('.'));

    // no new contract within the 6 months → return management
    await s.advanceClock('P6M');
    expect(await s.waitForEnd(key)).toEqual(['EndEvent_Rueckkehrmanagement']);
    expect(await s.path(key)).toContain('Timer_SuchzeitraumAbgelaufen');
    expect((await cases.statusAt(person.id, addDays(searchUntil, 1))).map((e) => e.type)).toEqual([
      'Ausreisepflichtig',
    ]);
    expect(await templatesOf(key)).toContain('abh-training-toleration-notice');
    expect(await s.incidents(key)).toEqual([]);
  });

  it('grants the § 16g residence permit when the BA does not answer within 2 weeks (§ 36 Abs. 2 BeschV)', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -6);
    const person = await tolerated(today, duldungSince);
    const trainingStart = addMonths(today, 3);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, trainingStart, {
        residencePermitWanted: true,
        monthlyMeans: 950,
        livesWithParents: false,
        passportAvailable: true,
      }),
    );
    const check = await registersIn(key, registers(today, duldungSince));

    await s.waitForElement(check, 'Gateway_BaAntwort', 'ELEMENT_ACTIVATED');
    expect((await s.variables(check)).variant).toBe('16g');
    expect(await templatesOf(check)).toEqual(['abh-training-toleration-notice']);
    await s.advanceClock('P15D');
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    expect(await s.waitForEnd(key)).toEqual(['EndEvent_AufenthaltserlaubnisErteilt']);

    expect(await s.path(check)).toContain('Timer_Zustimmungsfiktion');
    const path = await s.path(key);
    expect(path).not.toContain('Task_DuldungErteilen');
    const cases = s.service(CasesService);
    const grantedOn = await s.today();
    const [permit] = await cases.statusAt(person.id, grantedOn);
    expect(permit).toMatchObject({
      type: 'Aufenthaltserlaubnis',
      legalBasis: '§ 16g AufenthG',
      validTo: addDays(addMonths(trainingStart, 36), -1),
    });
    expect(permit.conditions.workAllowed).toBe(true);
    expect((await cases.events(person.id)).filter((e) => e.type === 'ResidencePermitGranted')).toHaveLength(
      1,
    );
    const notice = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-residence-permit',
    )!;
    expect(notice.html).toContain('§ 36 Abs. 2 BeschV');
    expect(notice.html).toContain('Rechtsbehelfsbelehrung');
  });

  it("asks for the caseworker's discretion (§ 60c Abs. 7) when the identity deadline was missed, and grants on it", async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -8);
    const person = await tolerated(today, duldungSince);
    const trainingStart = addMonths(today, -2);
    const entryDate = addMonths(today, -36);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, trainingStart, nr1(trainingStart, { identityClarifiedOn: addMonths(entryDate, 9) })),
    );
    const check = await registersIn(key, registers(today, duldungSince));
    const discretion = await s.userTask(check, 'Task_ErmessenAusueben');
    expect(discretion.variables.identityDeadline).toBe(addMonths(entryDate, 6));
    await s.completeUserTask(check, 'Task_ErmessenAusueben', {
      identityDiscretion: 'grant',
      identityDiscretionReason:
        'Die Botschaft hat den Pass trotz rechtzeitiger Vorsprache erst nach Fristablauf ausgestellt.',
    });
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    await s.waitForElement(key, 'Task_DuldungErteilen');
    const path = await s.path(check);
    expect(path.filter((id) => id === 'Task_IdentitaetPruefen')).toHaveLength(2);
    const reasons = (await s.variables(key)).checkReasons as { code: string; paragraph: string }[];
    expect(reasons.filter((r) => r.code.startsWith('IDENTITY_')).map((r) => [r.code, r.paragraph])).toEqual([
      ['IDENTITY_DEADLINE_MISSED', '§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG'],
      ['IDENTITY_DISCRETION_GRANTED', '§ 60c Abs. 7 AufenthG'],
    ]);
    const grant = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-grant',
    )!;
    expect(grant.html).toContain('§ 60c Abs. 7 AufenthG');
  });

  it('goes to the Anhörung when the caseworker does not exercise the § 60c Abs. 7 discretion', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -8);
    const person = await tolerated(today, duldungSince);
    const trainingStart = addMonths(today, -2);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, trainingStart, nr1(trainingStart, { identityEvidence: 'none' })),
    );
    const check = await registersIn(key, registers(today, duldungSince));
    await s.completeUserTask(check, 'Task_ErmessenAusueben', {
      identityDiscretion: 'refuse',
      identityDiscretionReason: 'Es wurden keine Schritte zur Passbeschaffung unternommen oder nachgewiesen.',
    });
    await s.waitForElement(key, 'Task_AnhoerungsschreibenVersenden');
    const hearing = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-hearing',
    )!;
    expect(hearing.html).toContain('§ 60c Abs. 7 AufenthG');
    expect(hearing.html).toContain('§ 60c Abs. 2 Nr. 3 Buchst. c AufenthG');
    expect(await s.path(check)).not.toContain('Task_StraftatenPruefen');
  });

  it('holds an Anhörung before the four-eyes decision may refuse a case whose checks passed', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -8);
    const person = await tolerated(today, duldungSince);
    const trainingStart = addMonths(today, -1);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, trainingStart, nr1(trainingStart)),
    );
    await registersIn(key, registers(today, duldungSince));
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', {
      decision: 'refuse',
      decisionReason: 'Zweifel an der Ernsthaftigkeit des Ausbildungsverhältnisses.',
      secondReviewer: 'AB',
    });
    await s.waitForElement(key, 'Task_AnhoerungsschreibenVersenden');
    const hearing = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-hearing',
    )!;
    expect(hearing.html).toContain('Zweifel an der Ernsthaftigkeit des Ausbildungsverhältnisses.');
    await s.advanceClock('P15D');
    await s.completeUserTask(key, 'Task_StellungnahmeAuswerten', {
      statementReceived: true,
      statementReceivedOn: addDays(today, 10),
      statementSummary: 'Der Betrieb bestätigt das Ausbildungsverhältnis und legt Berichtshefte vor.',
      hearingAssessment: 'Die Zweifel sind ausgeräumt.',
    });
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    await s.waitForElement(key, 'Task_DuldungErteilen');
    expect(await s.path(key)).not.toContain('Task_AblehnungsbescheidVersenden');
  });

  it('checks the whole application again when the Anhörung dispels the ground and the decision is to grant', async () => {
    const today = await s.today();
    const person = await tolerated(today, addMonths(today, -5));
    const trainingStart = addMonths(today, 2);
    const key = await startApplication(person, today);
    await s.completeUserTask(key, 'Task_AntragsdatenErfassen', application(today, trainingStart));
    // the register extract first shows only the last Duldung (1 month)
    const firstCheck = await registersIn(key, registers(today, addMonths(today, -1)));
    await s.waitForElement(key, 'Task_AnhoerungsschreibenVersenden');
    await s.advanceClock('P15D');
    await s.completeUserTask(key, 'Task_StellungnahmeAuswerten', {
      statementReceived: true,
      statementReceivedOn: addDays(today, 7),
      statementSummary: 'Vorlage der Duldungsbescheinigungen seit fünf Monaten ohne Unterbrechung.',
      hearingAssessment: 'Die Vorduldungszeit ist nachgewiesen; der Ablehnungsgrund ist ausgeräumt.',
    });
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    // back to the application: corrected data, all checks again
    await s.completeUserTask(key, 'Task_AntragsdatenErfassen', application(today, trainingStart));
    const secondCheck = await registersIn(key, registers(today, addMonths(today, -5)), [firstCheck]);
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    await s.waitForElement(key, 'Task_DuldungErteilen');
    // round 1 stopped at the case type (error, not completed); round 2 ran every check
    expect(await s.path(firstCheck)).toContain('Task_AusbildungPruefen');
    expect(await s.path(firstCheck)).not.toContain('Task_FallgruppePruefen');
    expect(await s.path(secondCheck)).toEqual(
      expect.arrayContaining([
        'Task_FallgruppePruefen',
        'Task_StraftatenPruefen',
        'EndEvent_VoraussetzungenErfuellt',
      ]),
    );
    expect(await s.path(key)).not.toContain('Task_AblehnungsbescheidVersenden');
    const types = (await s.service(CasesService).statusAt(person.id, await s.today())).map((e) => e.type);
    expect(types).toEqual(['Duldung §60c']);
  });

  it('falls back to the Ausbildungsduldung when the BA refuses its approval for § 16g', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -6);
    const person = await tolerated(today, duldungSince);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, addMonths(today, 3), {
        residencePermitWanted: true,
        monthlyMeans: 950,
        livesWithParents: false,
        passportAvailable: true,
      }),
    );
    const check = await registersIn(key, registers(today, duldungSince));
    await s.waitForElement(check, 'Gateway_BaAntwort', 'ELEMENT_ACTIVATED');
    await s.publish('BaZustimmung', person.fileNumber, { baApproved: false });
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    await s.waitForElement(key, 'Task_DuldungErteilen');
    expect(await s.path(check)).toContain('Event_BaAntwortErhalten');
    expect(await s.path(check)).not.toContain('Timer_Zustimmungsfiktion');
    expect(await s.path(key)).not.toContain('Task_AufenthaltserlaubnisErteilen');
    const types = (await s.service(CasesService).statusAt(person.id, await s.today())).map((e) => e.type);
    expect(types).toEqual(['Duldung §60c']);
    const grant = (await s.service(DocumentsService).forProcessInstance(key)).find(
      (d) => d.templateId === 'abh-training-toleration-grant',
    )!;
    expect(grant.html).toContain('nicht zugestimmt');
  });

  it('grants the search Duldung only once: a second early end goes straight to return management', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -8);
    const person = await tolerated(today, duldungSince);
    const firstStart = addMonths(today, -4);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, firstStart, nr1(firstStart)),
    );
    const firstCheck = await registersIn(key, registers(today, duldungSince));
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    await s.waitForElement(await child(key, MONITORING), 'Timer_VorVertragsende', 'ELEMENT_ACTIVATED');
    await s.advanceClock('P1M');
    await s.publish('AusbildungVorzeitigBeendet', person.fileNumber, { trainingEndedOn: await s.today() });
    await s.waitForElement(key, 'Gateway_Suchzeitraum', 'ELEMENT_ACTIVATED');

    // a new contract within the search period: a new check of the whole application
    await s.advanceClock('P2M');
    const secondDay = await s.today();
    await s.publish('NeuerAusbildungsvertrag', person.fileNumber, {});
    const secondStart = addDays(secondDay, -5);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(secondDay, secondStart, { ...nr1(secondStart), trainingProvider: 'Beispiel Elektro KG' }),
    );
    await registersIn(key, registers(secondDay, duldungSince), [firstCheck]);
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    // the second grant is complete before the clock moves on
    for (
      let i = 0;
      i < 300 && (await s.path(key)).filter((id) => id === 'Task_DuldungErteilen').length < 2;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await s.advanceClock('P1M');
    const secondEnd = await s.today();
    await s.publish('AusbildungVorzeitigBeendet', person.fileNumber, { trainingEndedOn: secondEnd });
    expect(await s.waitForEnd(key)).toEqual(['EndEvent_Rueckkehrmanagement']);

    const cases = s.service(CasesService);
    const granted = (await cases.events(person.id))
      .filter((e) => e.type === 'DuldungGranted')
      .map((e) => e.payload.category);
    expect(granted).toEqual(['vocational training', 'job search', 'vocational training']);
    expect((await cases.statusAt(person.id, secondEnd)).map((e) => e.type)).toEqual(['Ausreisepflichtig']);
    const docs = await s.service(DocumentsService).forProcessInstance(key);
    expect(docs.filter((d) => d.templateId === 'abh-training-toleration-search-duldung')).toHaveLength(1);
    const handover = docs.filter(
      (d) => d.templateId === 'abh-training-toleration-notice' && d.html.includes('Rückkehrmanagement'),
    );
    expect(handover).toHaveLength(1);
    expect(handover[0].html).toContain(
      'eine Suchduldung (§ 60c Abs. 6 S. 1 AufenthG) kommt nicht in Betracht',
    );
  });

  it('lets the Duldung lapse without a search Duldung when a new conviction is reported (AusschlussgrundEingetreten)', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -8);
    const person = await tolerated(today, duldungSince);
    const trainingStart = addMonths(today, -6);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, trainingStart, nr1(trainingStart)),
    );
    await registersIn(key, registers(today, duldungSince));
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    const monitoring = await child(key, MONITORING);
    await s.waitForElement(monitoring, 'Timer_VorVertragsende', 'ELEMENT_ACTIVATED');
    await s.advanceClock('P3M');
    const on = await s.today();
    await s.publish('AusschlussgrundEingetreten', person.fileNumber, {
      exclusionOn: on,
      exclusionReason: 'Verurteilung zu einer Geldstrafe von 120 Tagessätzen',
    });
    expect(await s.waitForEnd(key)).toEqual(['EndEvent_BegleitungBeendet']);
    expect(await s.path(monitoring)).toEqual(
      expect.arrayContaining(['Task_ErloeschenAusschlussgrund', 'EndEvent_Erloschen']),
    );
    const cases = s.service(CasesService);
    expect((await cases.statusAt(person.id, on)).map((e) => e.type)).toEqual(['Ausreisepflichtig']);
    const events = await cases.events(person.id);
    expect(events.filter((e) => e.type === 'DuldungRevoked').map((e) => e.payload.legalBasis)).toEqual([
      '§ 60c Abs. 4 i. V. m. Abs. 2 Nr. 4 AufenthG',
    ]);
    expect(events.filter((e) => e.type === 'DuldungGranted').map((e) => e.payload.category)).toEqual([
      'vocational training',
    ]);
    const handover = (await s.service(DocumentsService).forProcessInstance(monitoring)).map((d) => d.html);
    expect(handover.some((h) => h.includes('120 Tagessätzen') && h.includes('Rückkehrmanagement'))).toBe(
      true,
    );
  });

  it('grants a discretionary Duldung for an Einstiegsqualifizierung (vocational support measure)', async () => {
    const today = await s.today();
    const duldungSince = addMonths(today, -6);
    const person = await tolerated(today, duldungSince);
    const start = addMonths(today, 1);
    const key = await startApplication(person, today);
    await s.completeUserTask(
      key,
      'Task_AntragsdatenErfassen',
      application(today, start, {
        occupation: 'Einstiegsqualifizierung Lagerlogistik',
        trainingType: 'eq',
        stateRecognised: false,
        regularDurationMonths: 10,
        trainingEnd: addDays(addMonths(start, 10), -1),
        chamber: 'IHK',
      }),
    );
    await registersIn(key, registers(today, duldungSince));
    await s.completeUserTask(key, 'Task_EntscheidungTreffen', grantDecision);
    expect(await s.waitForEnd(key)).toEqual(['EndEvent_BegleitungBeendet']);
    const cases = s.service(CasesService);
    const [episode] = await cases.statusAt(person.id, await s.today());
    expect(episode).toMatchObject({ type: 'Duldung §60a', legalBasis: '§ 60a Abs. 2 S. 3 AufenthG' });
    expect(episode.conditions.workAllowed).toBe(true);
    const granted = (await cases.events(person.id))
      .filter((e) => e.type === 'DuldungGranted')
      .map((e) => e.payload.category);
    expect(granted).toEqual(['vocational support measure']);
  });
});
