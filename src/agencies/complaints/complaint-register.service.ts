import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common';
import { Complaint } from './complaint.entity';
import { complaintReference } from './complaint.rules';

export type ComplaintPatch = Partial<
  Pick<
    Complaint,
    | 'channel'
    | 'category'
    | 'unitConcerned'
    | 'anonymous'
    | 'acknowledgedOn'
    | 'answeredOn'
    | 'interimReplyOn'
    | 'escalatedOn'
    | 'outcome'
    | 'closedOn'
  >
>;

/** The complaint register (table `complaint`, no personal data). */
@Injectable()
export class ComplaintRegisterService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Registers the complaint of a process instance once and returns its reference BS-YYYY-NNNNN (year of
   * receipt, number from `complaint_reference_seq`). A second call for the same instance (a job that
   * runs twice) returns the reference given first.
   */
  async register(input: {
    processInstanceKey: string;
    receivedOn: string;
    acknowledgeBy: string;
    replyBy: string;
    channel?: string | null;
  }): Promise<string> {
    return this.em.transactional(async (em) => {
      const existing = await em.findOne(Complaint, { processInstanceKey: input.processInstanceKey });
      if (existing) return existing.reference;
      const [{ n }] = await em.execute<{ n: string }[]>(`select nextval('complaint_reference_seq') as n`);
      const reference = complaintReference(Number(input.receivedOn.slice(0, 4)), Number(n));
      await em.execute(
        `insert into complaint (reference, process_instance_key, received_on, acknowledge_by, reply_by, channel, created_at)
         values (?, ?, ?, ?, ?, ?, now()) on conflict (process_instance_key) do nothing`,
        [
          reference,
          input.processInstanceKey,
          input.receivedOn,
          input.acknowledgeBy,
          input.replyBy,
          input.channel ?? null,
        ],
      );
      const row = await em.findOneOrFail(
        Complaint,
        { processInstanceKey: input.processInstanceKey },
        { refresh: true },
      );
      return row.reference;
    });
  }

  async update(reference: string, patch: ComplaintPatch): Promise<Complaint> {
    const row = await this.get(reference);
    this.em.assign(row, patch);
    await this.em.flush();
    return row;
  }

  async get(reference: string): Promise<Complaint> {
    const row = await this.em.findOne(Complaint, { reference });
    if (!row) throw new NotFoundError('Complaint not found', { reference });
    return row;
  }
}
