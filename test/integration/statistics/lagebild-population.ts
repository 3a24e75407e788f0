import { MikroORM, RequestContext } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CasesService, type NewPerson, type NewStatusEpisode } from '../../../src/cases';
import { createPerson } from '../../factories/person.factory';

/**
 * A small district for the Lagebild tests, written through the real CasesService: Stichtag 31.10.2026,
 * period October 2026 (previous: Stichtag 30.09.2026, period 31.08.–30.09.2026).
 *
 * - 7 Syrians with Aufenthaltsgestattung (5 women since 01.01., one of them until 31.10. = the Stichtag;
 *   2 men since 15.10., a status change inside the period); an 8th only from 01.11.
 * - 6 Afghans with Duldung § 60d since 01.03. (DuldungGranted employment), in Zeitz
 * - 2 Poles (EU-Freizügigkeit), in Weißenfels
 * - 3 Ukrainians with Aufenthaltserlaubnis § 24 AufenthG, in Naumburg (Saale)
 * - 1 Iraqi: Duldung § 60c (vocational training) since 01.02., superseded by a § 60a Duldung on 05.10.
 * - 1 Iranian with Duldung § 60a who left on 10.10. (Ausgereist)
 * - 1 German-Syrian dual national (not a foreigner)
 * - 1 UMA in provisional custody since 03.10. (no status yet)
 * Flows in October: 6 IvAF jobs (+1 starting in November), 2 IvAF training places; 10 benefit ends on
 * recognition, 5 of them with an SGB II application within 3 months (+1 after the window).
 */
export const LAGEBILD_QUERY = 'stichtag=2026-10-31&von=2026-10-01&bis=2026-10-31';

export async function createLagebildPopulation(app: INestApplication): Promise<void> {
  await RequestContext.create(app.get(MikroORM).em.fork(), async () => {
    const cases = app.get(CasesService);
    const ctx = () => ({ idempotencyPrefix: randomUUID() });
    const personWith = async (p: Partial<NewPerson>, episodes: NewStatusEpisode[]): Promise<string> => {
      const person = await createPerson(cases, p);
      for (const e of episodes) await cases.startStatusEpisode(person.id, e, ctx());
      return person.id;
    };
    const syrians: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      syrians.push(
        await personWith({ nationalities: ['SYR'], sex: 'female', dateOfBirth: '1995-04-12' }, [
          { type: 'Aufenthaltsgestattung', validFrom: '2026-01-01', validTo: i === 4 ? '2026-10-31' : null },
        ]),
      );
    }
    for (let i = 0; i < 2; i += 1) {
      syrians.push(
        await personWith({ nationalities: ['SYR'], sex: 'male', dateOfBirth: '2000-06-01' }, [
          { type: 'Aufenthaltsgestattung', validFrom: '2026-10-15' },
        ]),
      );
    }
    await personWith({ nationalities: ['SYR'] }, [
      { type: 'Aufenthaltsgestattung', validFrom: '2026-11-01' },
    ]);
    const afghans: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const id = await personWith({ nationalities: ['AFG'], sex: 'male', municipality: 'Zeitz' }, [
        {
          type: 'Duldung §60d',
          legalBasis: '§ 60d AufenthG',
          validFrom: '2026-03-01',
          validTo: '2028-08-31',
        },
      ]);
      await cases.recordEvent(
        'DuldungGranted',
        {
          category: 'employment',
          legalBasis: '§ 60d AufenthG',
          validFrom: '2026-03-01',
          validTo: '2028-08-31',
        },
        { personId: id, occurredOn: '2026-03-01', ctx: ctx() },
      );
      afghans.push(id);
    }
    for (let i = 0; i < 2; i += 1) {
      await personWith({ nationalities: ['POL'], municipality: 'Weißenfels' }, [
        { type: 'EU-Freizügigkeit', validFrom: '2025-01-01' },
      ]);
    }
    for (let i = 0; i < 3; i += 1) {
      await personWith({ nationalities: ['UKR'] }, [
        {
          type: 'Aufenthaltserlaubnis',
          legalBasis: '§ 24 AufenthG',
          validFrom: '2026-02-01',
          validTo: '2027-03-04',
        },
      ]);
    }
    const iraqi = await createPerson(cases, { nationalities: ['IRQ'], municipality: 'Zeitz' });
    const training = await cases.startStatusEpisode(
      iraqi.id,
      { type: 'Duldung §60c', legalBasis: '§ 60c AufenthG', validFrom: '2026-02-01', validTo: '2029-01-31' },
      ctx(),
    );
    await cases.recordEvent(
      'DuldungGranted',
      {
        category: 'vocational training',
        legalBasis: '§ 60c AufenthG',
        validFrom: '2026-02-01',
        validTo: '2029-01-31',
      },
      { personId: iraqi.id, occurredOn: '2026-02-01', ctx: ctx() },
    );
    await cases.startStatusEpisode(
      iraqi.id,
      {
        type: 'Duldung §60a',
        legalBasis: '§ 60a Abs. 2 S. 1 AufenthG',
        validFrom: '2026-10-05',
        validTo: '2027-04-04',
        supersedes: training.id,
      },
      ctx(),
    );
    await personWith({ nationalities: ['IRN'] }, [
      { type: 'Duldung §60a', legalBasis: '§ 60a Abs. 2 S. 1 AufenthG', validFrom: '2026-01-01' },
      { type: 'Ausgereist', validFrom: '2026-10-10' },
    ]);
    await personWith({ nationalities: ['SYR', 'DEU'] }, [
      { type: 'Aufenthaltserlaubnis', legalBasis: '§ 25 Abs. 2 AufenthG', validFrom: '2024-01-01' },
    ]);
    const uma = await createPerson(cases, { nationalities: ['GIN'], dateOfBirth: '2010-05-05' });
    await cases.recordEvent(
      'UMAProvisionalCustodyStarted',
      { on: '2026-10-03' },
      {
        personId: uma.id,
        occurredOn: '2026-10-03',
        ctx: ctx(),
      },
    );

    // IvAF: placements by start date
    for (const [i, id] of afghans.entries()) {
      await cases.recordEvent(
        'IvAFPlacement',
        {
          type: 'employment subject to social insurance',
          start: `2026-10-${String(10 + i).padStart(2, '0')}`,
        },
        { personId: id, occurredOn: '2026-09-28', ctx: ctx() },
      );
    }
    await cases.recordEvent(
      'IvAFPlacement',
      { type: 'employment subject to social insurance', start: '2026-11-02' },
      { personId: afghans[0], occurredOn: '2026-10-20', ctx: ctx() },
    );
    for (const id of syrians.slice(0, 2)) {
      await cases.recordEvent(
        'IvAFPlacement',
        { type: 'training', start: '2026-10-01' },
        {
          personId: id,
          occurredOn: '2026-10-01',
          ctx: ctx(),
        },
      );
    }
    // Jobcenter: 10 recognised, 5 applied within 3 months, 1 after the window
    const recognised = [...syrians, ...afghans.slice(0, 3)];
    for (const [i, id] of recognised.entries()) {
      await cases.recordEvent(
        'BenefitEnded',
        { reason: 'recognition', on: '2026-10-10' },
        {
          personId: id,
          occurredOn: '2026-10-10',
          ctx: ctx(),
        },
      );
      const on = i < 5 ? '2026-10-20' : i === 5 ? '2027-02-01' : null;
      if (on)
        await cases.recordEvent(
          'SGB2ApplicationReceived',
          { on },
          { personId: id, occurredOn: on, ctx: ctx() },
        );
    }
  });
}
