import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common';
import { Parameter } from './parameter.entity';

export class ParameterMissingError extends DomainError {
  readonly code = 'PARAMETER_MISSING';
}

/** Versioned parameters ([local] and [?] values of the brief): read as of a date, changed by new versions. */
@Injectable()
export class ParametersService {
  constructor(private readonly em: EntityManager) {}

  /** the value of `key` in force on `onDate` (ISO date; default today) */
  async get<T>(key: string, onDate: string = new Date().toISOString().slice(0, 10)): Promise<T> {
    const row = await this.em.findOne(
      Parameter,
      { key, validFrom: { $lte: onDate } },
      { orderBy: { validFrom: 'desc' } },
    );
    if (!row) {
      throw new ParameterMissingError(`Parameter "${key}" has no value for ${onDate}`, { key, onDate });
    }
    return row.value as T;
  }

  /** several parameters at once, as an object keyed by the part after the common prefix */
  async getAll<T extends Record<string, unknown>>(keys: string[], onDate?: string): Promise<T> {
    const entries = await Promise.all(keys.map(async (key) => [key, await this.get(key, onDate)] as const));
    return Object.fromEntries(entries) as T;
  }

  /** every version of every parameter, newest first per key */
  list(): Promise<Parameter[]> {
    return this.em.find(Parameter, {}, { orderBy: { key: 'asc', validFrom: 'desc' } });
  }

  /** records a new version (a later valid_from); an existing version is never changed */
  async addVersion(input: {
    key: string;
    validFrom: string;
    value: unknown;
    source: string;
    kind: Parameter['kind'];
    note?: string | null;
    recordedBy: string;
  }): Promise<Parameter> {
    const row = this.em.create(Parameter, { ...input, note: input.note ?? null });
    await this.em.persistAndFlush(row);
    return row;
  }
}
