export { AccessExportModule, ACCESS_EXPORT_SECTION_KEY } from './access-export.module';
export { AccessExportService, ACCESS_EXPORT_ROLES } from './access-export.service';
export { AccessExportForbiddenError } from './access-export.errors';
export { ACCESS_EXPORT_FORMAT, type AccessExport } from './access-export.types';
