import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CasesService, jobContext, ProcessLink, type Person } from '../../cases';
import { ageOn } from '../../common/calendar';
import { ClockService } from '../../engine/clock.service';
import { JobWorker } from '../../engine/job-worker.decorator';
import { toVariables } from '../../engine/job-variables';
import type { JOB_ACTION_ACKNOWLEDGEMENT, ZeebeJob } from '../../engine/zeebe.types';
import { ZeebeService } from '../../engine/zeebe.service';
import { ParametersService } from '../../parameters';
import { noShowDeadline, receptionCentreStay } from './arrival.rules';
import {
  mainPersonIndex,
  zuweisungProblems,
  type ArrivalMember,
  type Zuweisung,
  type ZuweisungRole,
} from './arrival-zuweisung';

interface ImportVariables {
  zuweisung?: unknown;
}

/**
 * ABH: "Zuweisung übernehmen und Doppelbestand prüfen" (BRIEF § 2 Nr. 2). Creates the persons and the
 * household of a Zuweisung in the case file, links them to the process, records HouseholdCreated, and
 * looks for possible duplicates in the local register (the AZR check follows as azr-request + user task).
 * PersonArrived is recorded when the arrival is confirmed (abh-register-arrival), not here: a person
 * who never arrives must not count as arrived.
 *
 * Minors: whether a minor is unaccompanied (§ 42a Abs. 1 SGB VIII) is the Jugendamt's decision, taken in
 * the UMA process (uma-reception, ja-check-unaccompanied). The import only refers: `umaCandidate` when
 * the main person is a minor (the Zuweisung names no adult), and the message UMAGemeldet for any other
 * minor member who, according to the Zuweisung, did not enter with a parent or guardian.
 */
@Injectable()
export class ArrivalImportWorker {
  constructor(
    private readonly em: EntityManager,
    private readonly cases: CasesService,
    private readonly parameters: ParametersService,
    private readonly clock: ClockService,
    private readonly zeebe: ZeebeService,
  ) {}

  @JobWorker('abh-import-zuweisung', { fetchVariables: ['zuweisung'] })
  async importZuweisung(job: ZeebeJob<ImportVariables>): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
    const problems = zuweisungProblems(job.variables.zuweisung);
    if (problems.length) {
      // a malformed message does not get better by retrying: incident for the ABH/administrator
      return job.fail({ errorMessage: `Zuweisung unusable: ${problems.join('; ')}`, retries: 0 });
    }
    const zuweisung = job.variables.zuweisung as Zuweisung;
    const today = await this.clock.today();
    const now = await this.clock.now();
    const mainIndex = mainPersonIndex(zuweisung.persons, zuweisung.arrivalDate);

    const { members, duplicateCandidates, householdId } = await this.em.transactional(async () => {
      // a job that arrives twice finds the persons it created through the process links
      const linked = await this.em.find(
        ProcessLink,
        { processInstanceKey: job.processInstanceKey },
        { populate: ['person'] },
      );
      if (linked.length) {
        const ordered = linked
          .map((l) => ({ link: l, index: Number(l.role.split('#')[1] ?? 0) }))
          .sort((a, b) => a.index - b.index);
        const existing: ArrivalMember[] = ordered.map(({ link, index }) => ({
          personId: link.person.id,
          fileNumber: link.person.fileNumber,
          role: link.role.split('#')[0] as ZuweisungRole,
          index,
        }));
        const ownIds = new Set(existing.map((m) => m.personId));
        return {
          members: existing,
          duplicateCandidates: await this.duplicatesOf(zuweisung, ownIds),
          householdId: ordered[0].link.person.household?.id ?? null,
        };
      }
      const duplicates = await this.duplicatesOf(zuweisung, new Set());
      const household =
        zuweisung.persons.length > 1
          ? await this.cases.createHousehold({
              reference: zuweisung.reference,
              municipality: zuweisung.municipality ?? null,
            })
          : null;
      const created: ArrivalMember[] = [];
      // the main person first: the file number of the case is theirs
      const order = [mainIndex, ...zuweisung.persons.map((_, i) => i).filter((i) => i !== mainIndex)];
      for (const index of order) {
        const p = zuweisung.persons[index];
        const person: Person = await this.cases.createPerson(
          {
            familyName: p.familyName.trim(),
            givenNames: p.givenNames.trim(),
            nameVariants: p.nameVariants ?? [],
            dateOfBirth: p.dateOfBirth ?? null,
            dateOfBirthEstimated: p.dateOfBirthEstimated ?? false,
            sex: p.sex ?? null,
            nationalities: (p.nationalities ?? []).map((n) => n.toUpperCase()),
            azrNumber: p.azrNumber ?? null,
            bamfFileNumber: p.bamfFileNumber ?? null,
            entryDate: p.entryDate ?? null,
            identityEvidence: p.identityEvidence ?? null,
            language: p.language ?? null,
            vulnerabilities: p.vulnerabilities ?? [],
            municipality: zuweisung.municipality ?? null,
            householdId: household?.id ?? null,
          },
          now,
        );
        created.push({ personId: person.id, fileNumber: person.fileNumber, role: p.role, index });
      }
      const caseId = created[0].fileNumber;
      for (const m of created) {
        await this.cases.linkProcess(m.personId, {
          processInstanceKey: job.processInstanceKey,
          bpmnProcessId: job.bpmnProcessId,
          caseId,
          // the role carries the index in the Zuweisung, so that a retried job restores the order
          role: `${m.role}#${m.index}`,
        });
      }
      if (household) {
        await this.cases.recordEvent(
          'HouseholdCreated',
          { householdId: household.id, members: created.length },
          { personId: created[0].personId, occurredOn: today, ctx: jobContext(job) },
        );
      }
      return { members: created, duplicateCandidates: duplicates, householdId: household?.id ?? null };
    });

    const main = members[0];
    const persons = zuweisung.persons;
    const noShowGraceDays = await this.parameters.get<number>(
      'arrival.noShowGraceDays',
      zuweisung.arrivalDate,
    );
    const deadline = noShowDeadline(zuweisung.arrivalDate, { noShowGraceDays });
    const safeCountries = await this.parameters.get<string[]>(
      'arrival.safeCountriesOfOrigin',
      zuweisung.arrivalDate,
    );
    const mainFacts = persons[main.index];
    const receptionCheck = zuweisung.receptionCentreSince
      ? receptionCentreStay({
          stayStartedOn: zuweisung.receptionCentreSince,
          assignedOn: zuweisung.arrivalDate,
          familyWithMinors: persons.some((p) => p.role === 'child'),
          safeCountryNational: (mainFacts.nationalities ?? []).some((n) =>
            safeCountries.includes(n.toUpperCase()),
          ),
          bamfDecision: 'pending',
        })
      : null;

    const minor = (p: { dateOfBirth?: string | null }): boolean =>
      !p.dateOfBirth || ageOn(p.dateOfBirth, zuweisung.arrivalDate) < 18;
    const parentNamed = persons.some((p) => (p.role === 'applicant' || p.role === 'spouse') && !minor(p));
    for (const m of members.slice(1)) {
      const p = persons[m.index];
      const withoutGuardian = p.enteredWith
        ? !['custodian', 'person-entitled-to-upbringing'].includes(p.enteredWith)
        : !parentNamed;
      if (!minor(p) || !withoutGuardian) continue;
      await this.referToYouthOffice(job.processInstanceKey, m, zuweisung.arrivalDate, p);
    }

    return job.complete(
      toVariables({
        personId: main.personId,
        caseId: main.fileNumber,
        householdId,
        householdSize: members.length,
        members,
        arrivalDate: zuweisung.arrivalDate,
        arrivalDeadlineOn: deadline.dueOn,
        arrivalDeadlineAt: deadline.dueAt,
        umaCandidate: minor(persons[main.index]),
        vulnerable: persons.some((p) => (p.vulnerabilities ?? []).length > 0),
        preferFlat: false,
        localDuplicateSuspected: duplicateCandidates.length > 0,
        duplicateCandidates,
        duplicateCandidateFileNumbers: [...new Set(duplicateCandidates.flatMap((d) => d.fileNumbers))].join(
          ', ',
        ),
        receptionCentreCheck: receptionCheck
          ? {
              decision: receptionCheck.decision,
              maximumStayUntil: receptionCheck.maximumStayUntil,
              reasons: receptionCheck.reasons,
            }
          : null,
      }),
    );
  }

  /** starts a UMA process of its own for a member (message start; the message id makes it happen once) */
  private async referToYouthOffice(
    processInstanceKey: string,
    member: ArrivalMember,
    foundOn: string,
    facts: { dateOfBirth?: string | null; enteredWith?: string; married?: boolean },
  ): Promise<void> {
    try {
      await this.zeebe.client.publishMessage({
        name: 'UMAGemeldet',
        correlationKey: member.fileNumber,
        messageId: `${processInstanceKey}:${member.personId}`,
        timeToLive: 3_600_000,
        variables: toVariables({
          uma: {
            personId: member.personId,
            dateOfBirth: facts.dateOfBirth ?? null,
            enteredWith: facts.enteredWith ?? 'none',
            married: Boolean(facts.married),
            foundOn,
            source: 'zuweisung',
          },
        }),
      });
    } catch (error) {
      if (!String((error as Error).message).includes('ALREADY_EXISTS')) throw error;
    }
  }

  /** file numbers of existing persons who may be the same as a person of the Zuweisung */
  private async duplicatesOf(
    zuweisung: Zuweisung,
    ownIds: Set<string>,
  ): Promise<{ index: number; fileNumbers: string[] }[]> {
    const result: { index: number; fileNumbers: string[] }[] = [];
    for (const [index, p] of zuweisung.persons.entries()) {
      const found = (
        await this.cases.findDuplicates({
          familyName: p.familyName,
          givenNames: p.givenNames,
          dateOfBirth: p.dateOfBirth ?? null,
        })
      ).filter((d) => !ownIds.has(d.id));
      if (found.length) result.push({ index, fileNumbers: found.map((d) => d.fileNumber) });
    }
    return result;
  }
}
