import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, NotFoundError } from '../common';
import { GeneratedDocument } from './generated-document.entity';
import { renderPdf } from './pdf-renderer';
import { TemplateCatalogue } from './template-catalogue';

export class UnknownTemplateError extends NotFoundError {
  override readonly code = 'DOCUMENT_TEMPLATE_UNKNOWN';
}

export class TemplateDataError extends DomainError {
  readonly code = 'DOCUMENT_DATA_INVALID';
}

export interface DocumentRef {
  personId?: string | null;
  /** Aktenzeichen shown on the letter (person's file number or complaint reference) */
  caseId: string;
  processInstanceKey?: string | null;
  /** one document per producing action, e.g. `${job.key}:${templateId}` */
  idempotencyKey: string;
  /** the date printed on the letter, ISO (default: today) */
  issuedOn?: string;
}

export interface RecipientData {
  name: string;
  addressLines: string[];
}

/** Notices and letters: Handlebars templates rendered to HTML and PDF, stored with the case and hashed. */
@Injectable()
export class DocumentsService {
  private static catalogue?: TemplateCatalogue;

  constructor(private readonly em: EntityManager) {}

  get catalogue(): TemplateCatalogue {
    DocumentsService.catalogue ??= new TemplateCatalogue();
    return DocumentsService.catalogue;
  }

  /** HTML of a template for the data (the letter as it would be issued), without storing anything */
  renderHtml(
    templateId: string,
    data: Record<string, unknown>,
    ref: Pick<DocumentRef, 'caseId' | 'issuedOn'>,
  ): string {
    const template = this.catalogue.get(templateId);
    if (!template)
      throw new UnknownTemplateError(`Unknown document template "${templateId}"`, { templateId });
    try {
      return template.render({
        recipient: null,
        ...data,
        caseId: ref.caseId,
        issuedOn: ref.issuedOn ?? new Date().toISOString().slice(0, 10),
      });
    } catch (error) {
      // Handlebars names the missing field ("x" not defined in [object Object]); no values are quoted
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new TemplateDataError(`Template "${templateId}" cannot be rendered: ${reason}`, { templateId });
    }
  }

  /**
   * Renders and stores a document once per idempotency key; a repeated call (a job that runs twice)
   * returns the stored document.
   */
  async issue(
    templateId: string,
    data: Record<string, unknown>,
    ref: DocumentRef,
  ): Promise<GeneratedDocument> {
    const existing = await this.em.findOne(GeneratedDocument, { idempotencyKey: ref.idempotencyKey });
    if (existing) return existing;
    const template = this.catalogue.get(templateId);
    if (!template)
      throw new UnknownTemplateError(`Unknown document template "${templateId}"`, { templateId });
    const issuedOn = ref.issuedOn ?? new Date().toISOString().slice(0, 10);
    const html = this.renderHtml(templateId, data, { caseId: ref.caseId, issuedOn });
    const createdAt = new Date();
    const pdf = await renderPdf(html, template.title, createdAt);
    const document = this.em.create(GeneratedDocument, {
      templateId,
      title: template.title,
      unit: template.unit,
      personId: ref.personId ?? null,
      caseId: ref.caseId,
      processInstanceKey: ref.processInstanceKey ?? null,
      remedy: template.remedy,
      html,
      pdf,
      sha256: sha256(pdf),
      htmlSha256: sha256(Buffer.from(html, 'utf8')),
      idempotencyKey: ref.idempotencyKey,
      createdAt,
    });
    await this.em.persistAndFlush(document);
    return document;
  }

  /** documents of a person, oldest first (without the PDF bytes) */
  forPerson(personId: string): Promise<GeneratedDocument[]> {
    return this.em.find(GeneratedDocument, { personId }, { orderBy: { createdAt: 'asc' } });
  }

  forCase(caseId: string): Promise<GeneratedDocument[]> {
    return this.em.find(GeneratedDocument, { caseId }, { orderBy: { createdAt: 'asc' } });
  }

  forProcessInstance(processInstanceKey: string): Promise<GeneratedDocument[]> {
    return this.em.find(GeneratedDocument, { processInstanceKey }, { orderBy: { createdAt: 'asc' } });
  }

  async pdf(documentId: string): Promise<Buffer> {
    const doc = await this.em.findOne(GeneratedDocument, { id: documentId }, { populate: ['pdf'] });
    if (!doc) throw new NotFoundError('Document not found', { documentId });
    return doc.pdf;
  }
}

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
