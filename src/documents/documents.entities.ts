import { GeneratedDocument } from './generated-document.entity';

export const DOCUMENTS_ENTITIES = [GeneratedDocument];
