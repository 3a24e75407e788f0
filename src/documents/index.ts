export { DocumentsModule } from './documents.module';
export {
  DocumentsService,
  UnknownTemplateError,
  TemplateDataError,
  sha256,
  type DocumentRef,
  type RecipientData,
} from './documents.service';
export { GeneratedDocument, type RemedyNotice } from './generated-document.entity';
export {
  TemplateCatalogue,
  formatGermanDate,
  formatEuroCents,
  type TemplateMeta,
} from './template-catalogue';
