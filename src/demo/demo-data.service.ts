import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { AccommodationService } from '../agencies/accommodation/accommodation.service';
import { CasesService } from '../cases';
import { addDays, addMonths } from '../common/calendar';
import { ClockService } from '../engine/clock.service';
import { toVariables } from '../engine/job-variables';
import { ZeebeService } from '../engine/zeebe.service';

export interface DemoSummary {
  skipped: boolean;
  facilities: number;
  processInstances: Record<string, number>;
}

/**
 * Demonstration data for the embedded default (`DEMO_DATA`): accommodation capacity and a few synthetic
 * cases in every process, so that a fresh start shows running work. Names are invented; nothing is
 * loaded when the database already holds a person.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly zeebe: ZeebeService,
    private readonly clock: ClockService,
    private readonly cases: CasesService,
    private readonly accommodation: AccommodationService,
  ) {}

  seed(): Promise<DemoSummary> {
    return RequestContext.create(this.orm.em.fork(), () => this.seedInContext());
  }

  private async seedInContext(): Promise<DemoSummary> {
    const em = this.orm.em.getContext() as EntityManager;
    const [{ n }] = await em.execute<{ n: string }[]>('select count(*) as n from person');
    if (Number(n) > 0) {
      this.logger.log({ msg: 'demo data skipped: the database already holds persons' });
      return { skipped: true, facilities: 0, processInstances: {} };
    }
    const today = await this.clock.today();
    const started: Record<string, number> = {};
    const count = (id: string) => (started[id] = (started[id] ?? 0) + 1);

    const facilities = [
      {
        name: 'GU Weißenfels, Am Kloster',
        kind: 'GU' as const,
        address: 'Am Kloster 1, 06667 Weißenfels',
        municipality: 'Weißenfels',
        rooms: [4, 4, 4, 2, 2],
      },
      {
        name: 'GU Naumburg, Lindenring',
        kind: 'GU' as const,
        address: 'Lindenring 12, 06618 Naumburg (Saale)',
        municipality: 'Naumburg (Saale)',
        rooms: [4, 4, 2],
      },
      {
        name: 'Wohnung Zeitz, Rahnestraße',
        kind: 'flat' as const,
        address: 'Rahnestraße 3, 06712 Zeitz',
        municipality: 'Zeitz',
        rooms: [2, 2],
      },
      {
        name: 'Wohnung Hohenmölsen, Markt',
        kind: 'flat' as const,
        address: 'Markt 7, 06679 Hohenmölsen',
        municipality: 'Hohenmölsen',
        rooms: [2, 1],
      },
    ];
    for (const f of facilities) {
      const facility = await this.accommodation.addFacility({
        name: f.name,
        kind: f.kind,
        address: f.address,
        municipality: f.municipality,
      });
      let i = 0;
      for (const beds of f.rooms) {
        i += 1;
        await this.accommodation.addRoom(facility.id, {
          label: f.kind === 'GU' ? `Zimmer ${100 + i}` : `Zimmer ${i}`,
          beds,
        });
      }
    }

    // Process 1: two Zuweisungen from the ZASt (a family, a single adult)
    const zuweisungen = [
      {
        reference: `ZASt-DEMO-${today}-1`,
        arrivalDate: addDays(today, 2),
        municipality: 'Weißenfels',
        persons: [
          {
            familyName: 'Beispiel-Nasser',
            givenNames: 'Rana',
            dateOfBirth: '1988-05-14',
            sex: 'female',
            nationalities: ['SYR'],
            language: 'ar',
            entryDate: addMonths(today, -2),
            role: 'applicant',
          },
          {
            familyName: 'Beispiel-Nasser',
            givenNames: 'Karim',
            dateOfBirth: '1985-11-02',
            sex: 'male',
            nationalities: ['SYR'],
            language: 'ar',
            entryDate: addMonths(today, -2),
            role: 'spouse',
          },
          {
            familyName: 'Beispiel-Nasser',
            givenNames: 'Lina',
            dateOfBirth: addMonths(today, -12 * 7),
            sex: 'female',
            nationalities: ['SYR'],
            language: 'ar',
            entryDate: addMonths(today, -2),
            role: 'child',
          },
        ],
      },
      {
        reference: `ZASt-DEMO-${today}-2`,
        arrivalDate: addDays(today, 1),
        municipality: 'Zeitz',
        persons: [
          {
            familyName: 'Muster-Karimi',
            givenNames: 'Farid',
            dateOfBirth: '1997-03-21',
            sex: 'male',
            nationalities: ['AFG'],
            language: 'prs',
            entryDate: addMonths(today, -3),
            role: 'applicant',
          },
        ],
      },
    ];
    for (const zuweisung of zuweisungen) {
      await this.zeebe.client.publishMessage({
        name: 'Zuweisung',
        correlationKey: zuweisung.reference,
        messageId: zuweisung.reference,
        timeToLive: 0,
        variables: toVariables({ zuweisung }),
      });
      count('arrival-reception');
    }

    // Persons already in the district, with their status, for the other processes
    const tolerated = await this.cases.createPerson({
      familyName: 'Demo-Gashi',
      givenNames: 'Arben',
      dateOfBirth: '1992-08-30',
      sex: 'male',
      nationalities: ['XKX'],
      entryDate: '2019-06-10',
      identityClarified: true,
      identityEvidence: 'passport',
      identityClarifiedOn: '2020-01-15',
      language: 'sq',
      municipality: 'Weißenfels',
    });
    const apprentice = await this.cases.createPerson({
      familyName: 'Demo-Diallo',
      givenNames: 'Mamadou',
      dateOfBirth: '2003-02-11',
      sex: 'male',
      nationalities: ['GIN'],
      entryDate: '2021-09-01',
      identityClarified: true,
      identityEvidence: 'passport',
      identityClarifiedOn: '2021-12-01',
      language: 'fr',
      municipality: 'Naumburg (Saale)',
    });
    const obliged = await this.cases.createPerson({
      familyName: 'Demo-Beridze',
      givenNames: 'Nino',
      dateOfBirth: '1990-01-19',
      sex: 'female',
      nationalities: ['GEO'],
      entryDate: '2024-04-03',
      identityClarified: true,
      identityEvidence: 'passport',
      identityClarifiedOn: '2024-04-20',
      language: 'ka',
      municipality: 'Zeitz',
    });
    const ctx = { idempotencyPrefix: 'demo' };
    for (const person of [tolerated, apprentice]) {
      await this.cases.startStatusEpisode(
        person.id,
        {
          type: 'Duldung §60a',
          legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
          validFrom: addMonths(today, -18),
          validTo: addMonths(today, 3),
          conditions: { workAllowed: true },
        },
        ctx,
      );
    }
    await this.cases.startStatusEpisode(
      obliged.id,
      {
        type: 'Aufenthaltsgestattung',
        legalBasis: '§ 55 AsylG',
        validFrom: '2024-04-03',
        conditions: { workAllowed: false, wohnsitzauflage: 'Burgenlandkreis' },
      },
      ctx,
    );
    const start = async (
      bpmnProcessId: string,
      personId: string,
      caseId: string,
      variables: Record<string, unknown>,
    ) => {
      const created = await this.zeebe.client.createProcessInstance({
        bpmnProcessId,
        variables: toVariables({ personId, caseId, ...variables }),
      });
      await this.cases.linkProcess(personId, {
        processInstanceKey: String(created.processInstanceKey),
        bpmnProcessId,
        caseId,
      });
      count(bpmnProcessId);
    };
    await start('employment-toleration', tolerated.id, tolerated.fileNumber, { applicationDate: today });
    await start('training-toleration', apprentice.id, apprentice.fileNumber, { applicationDate: today });
    await start('return-management', obliged.id, obliged.fileNumber, {
      obligationDate: today,
      obligationBasis: 'asylum-rejected',
    });
    await this.zeebe.client.createProcessInstance({
      bpmnProcessId: 'complaint-management',
      variables: toVariables({ channel: 'entry-zone' }),
    });
    count('complaint-management');

    this.logger.log({ msg: 'demo data loaded', facilities: facilities.length, processInstances: started });
    return { skipped: false, facilities: facilities.length, processInstances: started };
  }
}
