import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { emptyToUndefined } from '../web/page-form';
import { OPERATION_ACTIONS } from './operation-action.entity';
import { MAX_RETRIES } from './operations.service';

export const REASON_MAX_LENGTH = 1000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROCESS_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class InstanceListQueryDto {
  @ApiPropertyOptional({ description: 'bpmnProcessId', example: 'asylblg-benefits' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(PROCESS_ID, { message: 'process: Prozess – bitte eine gültige Prozess-ID angeben.' })
  process?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Version der Prozessdefinition in der Engine' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'version: Version – bitte eine ganze Zahl ab 1 angeben.' })
  @Min(1, { message: 'version: Version – bitte eine ganze Zahl ab 1 angeben.' })
  version?: number;

  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'gestartet ab (Tag in Europe/Berlin, einschließlich)',
  })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(ISO_DATE, { message: 'startedFrom: Gestartet ab – bitte als JJJJ-MM-TT angeben.' })
  @IsISO8601({ strict: true }, { message: 'startedFrom: Gestartet ab – diesen Tag gibt es nicht.' })
  startedFrom?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'gestartet bis (Tag in Europe/Berlin, einschließlich)',
  })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(ISO_DATE, { message: 'startedTo: Gestartet bis – bitte als JJJJ-MM-TT angeben.' })
  @IsISO8601({ strict: true }, { message: 'startedTo: Gestartet bis – diesen Tag gibt es nicht.' })
  startedTo?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt({ message: 'page: Seite – bitte eine ganze Zahl ab 1 angeben.' })
  @Min(1, { message: 'page: Seite – bitte eine ganze Zahl ab 1 angeben.' })
  @Max(100000, { message: 'page: Seite – höchstens 100000.' })
  page?: number;
}

export class RetryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RETRIES,
    default: 1,
    description: 'Wiederholungen, die der Job bekommt (UpdateJobRetries)',
  })
  @IsOptional()
  @IsInt({ message: `retries: Wiederholungen – bitte eine ganze Zahl von 1 bis ${MAX_RETRIES} angeben.` })
  @Min(1, { message: `retries: Wiederholungen – bitte eine ganze Zahl von 1 bis ${MAX_RETRIES} angeben.` })
  @Max(MAX_RETRIES, {
    message: `retries: Wiederholungen – bitte eine ganze Zahl von 1 bis ${MAX_RETRIES} angeben.`,
  })
  retries?: number;

  @ApiPropertyOptional({ maxLength: REASON_MAX_LENGTH, description: 'Kommentar (freiwillig)' })
  @IsOptional()
  @IsString({ message: 'reason: Kommentar – Text erwartet.' })
  @MaxLength(REASON_MAX_LENGTH, { message: `reason: Kommentar – höchstens ${REASON_MAX_LENGTH} Zeichen.` })
  reason?: string;
}

export class CancelDto {
  @ApiProperty({ maxLength: REASON_MAX_LENGTH, description: 'Grund des Abbruchs (Pflichtangabe)' })
  @Transform(trim)
  @IsString({ message: 'reason: Grund – Text erwartet.' })
  @IsNotEmpty({ message: 'reason: Grund – bitte angeben, warum die Instanz abgebrochen wird.' })
  @MaxLength(REASON_MAX_LENGTH, { message: `reason: Grund – höchstens ${REASON_MAX_LENGTH} Zeichen.` })
  reason!: string;
}

export class ElementRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Name im Diagramm (oder die ID)' }) name!: string;
}

export class InstanceSummaryDto {
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiProperty() processName!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ type: [ElementRefDto] }) activeElements!: ElementRefDto[];
  @ApiProperty() openIncidents!: number;
}

export class InstanceListDto {
  @ApiProperty({ enum: ['engine', 'platform'] }) source!: string;
  @ApiProperty({ type: [InstanceSummaryDto] }) items!: InstanceSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class IncidentDto {
  @ApiProperty({ nullable: true, type: String, description: 'null gegen ein echtes Zeebe' })
  incidentKey!: string | null;
  @ApiProperty({ nullable: true, type: String }) jobKey!: string | null;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiProperty() processName!: string;
  @ApiProperty() version!: number;
  @ApiProperty() elementId!: string;
  @ApiProperty() elementName!: string;
  @ApiProperty({ example: 'JOB_NO_RETRIES' }) errorType!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class HistoryEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String }) elementId!: string | null;
  @ApiProperty({ nullable: true, type: String }) elementName!: string | null;
  @ApiProperty({ nullable: true, type: String }) elementType!: string | null;
  @ApiProperty({ example: 'ELEMENT_COMPLETED' }) intent!: string;
  @ApiProperty({ nullable: true, type: String }) errorType!: string | null;
}

export class ActionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Benutzername' }) actor!: string;
  @ApiProperty({ enum: ['quality', 'admin'] }) role!: string;
  @ApiProperty({ enum: OPERATION_ACTIONS }) action!: string;
  @ApiProperty({ nullable: true, type: String }) processInstanceKey!: string | null;
  @ApiProperty({ nullable: true, type: String }) incidentKey!: string | null;
  @ApiProperty({ nullable: true, type: String }) jobKey!: string | null;
  @ApiProperty({ nullable: true, type: Number }) retries!: number | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ enum: ['ok', 'failed'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String, description: 'gRPC-Status der Engine bei Ablehnung' })
  errorCode!: string | null;
}

export class InstanceDetailDto {
  @ApiProperty({ enum: ['engine', 'platform'] }) source!: string;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiProperty() processName!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['ACTIVE', 'COMPLETED', 'TERMINATED'] }) state!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endedAt!: string | null;
  @ApiProperty({ type: [ElementRefDto] }) activeElements!: ElementRefDto[];
  @ApiProperty({ type: [IncidentDto] }) incidents!: IncidentDto[];
  @ApiProperty({ type: [HistoryEntryDto], nullable: true, description: 'null gegen ein echtes Zeebe' })
  history!: HistoryEntryDto[] | null;
  @ApiProperty({ type: [ActionDto] }) actions!: ActionDto[];
}

export class ActionResultDto {
  @ApiProperty({ type: ActionDto }) action!: ActionDto;
  @ApiPropertyOptional({ description: 'ob auch die Störung behoben wurde (gegen ein echtes Zeebe: false)' })
  incidentResolved?: boolean;
}
