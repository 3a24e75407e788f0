import { DeletionRecord, RetentionRun } from './deletion-record.entity';

export const RETENTION_ENTITIES = [DeletionRecord, RetentionRun];
