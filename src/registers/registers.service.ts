import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  REGISTER_ADAPTERS,
  type Register,
  type RegisterAdapter,
  type RegisterQuery,
  type RegisterResponse,
} from './register.adapter';

/** Sends register queries to the configured adapter and records each request. */
@Injectable()
export class RegistersService {
  constructor(
    private readonly em: EntityManager,
    @Inject(REGISTER_ADAPTERS) private readonly adapters: Map<Register, RegisterAdapter>,
  ) {}

  async request(
    query: RegisterQuery,
    ctx: { processInstanceKey?: string | null; idempotencyKey: string },
  ): Promise<RegisterResponse> {
    const adapter = this.adapters.get(query.register);
    if (!adapter) throw new Error(`no adapter for register ${query.register}`);
    const response = await adapter.request(query);
    await this.em.execute(
      `insert into register_request (register, person_id, subject, purpose, mode, process_instance_key, idempotency_key, requested_at)
       values (?, ?, ?, ?, ?, ?, ?, now()) on conflict (idempotency_key) do nothing`,
      [
        query.register,
        query.personId,
        query.subject,
        query.purpose,
        response.mode,
        ctx.processInstanceKey ?? null,
        ctx.idempotencyKey,
      ],
    );
    return response;
  }
}
