import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface RemedyNotice {
  /** "Widerspruch", "Klage", "Widerspruch oder Klage"; null = the letter is no Bescheid */
  kind: string | null;
  /** e.g. "1 Monat" */
  period?: string | null;
  /** where to lodge it */
  authority?: string | null;
  /** the legal basis of the remedy, e.g. "§ 84 SGG" */
  basis?: string | null;
}

/**
 * A notice or letter as issued: the rendered HTML and PDF with their SHA-256, stored with the case.
 * Never changed after issue; a corrected notice is a new document.
 */
@Entity({ tableName: 'generated_document' })
@Index({ properties: ['personId'] })
@Index({ properties: ['caseId'] })
@Unique({ properties: ['idempotencyKey'] })
export class GeneratedDocument {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 120 })
  templateId!: string;

  @Property({ type: 'string', length: 300 })
  title!: string;

  /** the unit that issues it (ABH, LG, …) */
  @Property({ type: 'string', length: 8 })
  unit!: string;

  @Property({ type: 'uuid', nullable: true })
  personId?: string | null;

  @Property({ type: 'string', length: 64 })
  caseId!: string;

  @Property({ type: new BigIntType('string'), nullable: true })
  processInstanceKey?: string | null;

  @Property({ type: 'json', nullable: true })
  remedy?: RemedyNotice | null;

  @Property({ type: 'text' })
  html!: string;

  @Property({ type: 'blob', lazy: true })
  pdf!: Buffer;

  /** SHA-256 of the PDF as issued (hex) */
  @Property({ type: 'string', length: 64 })
  sha256!: string;

  /** SHA-256 of the HTML (hex) */
  @Property({ type: 'string', length: 64 })
  htmlSha256!: string;

  /** one document per producing action, e.g. "<jobKey>:<templateId>" */
  @Property({ type: 'string', length: 200 })
  idempotencyKey!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
