import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { MODEL_KINDS, type ModelKind } from './model-resource.entity';
import { VERSION_STATUSES, type VersionStatus } from './model-version.entity';

const RESOURCE_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;

/** longest comment, reason or rejection text */
const MAX_TEXT = 2000;

/** surrounding blanks removed, so that a reason of only blanks counts as missing */
const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** German messages that name the field (class-validator's own are English) */
const mustBeText = (field: string) => ({ message: `${field} muss ein Text sein` });
const atMost = (field: string) => ({ message: `${field} darf höchstens ${MAX_TEXT} Zeichen lang sein` });
const versionNumber = (field: string) => ({
  message: `${field} muss eine Versionsnummer sein (ganze Zahl ab 1)`,
});
const KIND_MESSAGE = { message: 'Art muss "bpmn" oder "form" sein' };

export class ResourceParamsDto {
  @ApiProperty({ enum: MODEL_KINDS })
  @IsIn(MODEL_KINDS, KIND_MESSAGE)
  kind!: ModelKind;

  @ApiProperty({ description: 'bpmnProcessId oder Formular-ID', example: 'complaint-management' })
  @IsString(mustBeText('ID'))
  @Matches(RESOURCE_ID, { message: 'ungültige ID' })
  resourceId!: string;
}

export class VersionParamsDto extends ResourceParamsDto {
  @ApiProperty({ description: 'Versionsnummer (1…n)', example: 1 })
  @Type(() => Number)
  @IsInt(versionNumber('Versionsnummer'))
  @Min(1, versionNumber('Versionsnummer'))
  n!: number;
}

export class SaveVersionDto {
  @ApiProperty({ description: 'BPMN-XML oder form-js-JSON (höchstens 2 MB)' })
  @IsString(mustBeText('Inhalt'))
  @IsNotEmpty({ message: 'Inhalt fehlt' })
  content!: string;

  @ApiPropertyOptional({ description: 'Kommentar zur Änderung', example: '§ 60c AufenthG: neue Frist' })
  @IsOptional()
  @IsString(mustBeText('Kommentar'))
  @MaxLength(MAX_TEXT, atMost('Kommentar'))
  comment?: string;

  @ApiPropertyOptional({ description: 'die Version, aus der der Entwurf bearbeitet wurde' })
  @IsOptional()
  @IsInt(versionNumber('basedOn'))
  @Min(1, versionNumber('basedOn'))
  basedOn?: number;
}

export class ImportDto {
  @ApiProperty({
    description: 'Dateiname; .bpmn oder .form entscheidet die Art',
    example: 'complaint-management.bpmn',
  })
  @IsString(mustBeText('Dateiname'))
  @IsNotEmpty({ message: 'Dateiname fehlt' })
  @MaxLength(255, { message: 'Dateiname darf höchstens 255 Zeichen lang sein' })
  fileName!: string;

  @ApiProperty({ description: 'Dateiinhalt (höchstens 2 MB)' })
  @IsString(mustBeText('Inhalt'))
  @IsNotEmpty({ message: 'Inhalt fehlt' })
  content!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString(mustBeText('Kommentar'))
  @MaxLength(MAX_TEXT, atMost('Kommentar'))
  comment?: string;
}

export class LintDto {
  @ApiProperty({ enum: ['bpmn'] })
  @IsIn(['bpmn'], { message: 'Nur BPMN-Modelle werden geprüft' })
  kind!: 'bpmn';

  @ApiProperty({ description: 'BPMN-XML (höchstens 2 MB)' })
  @IsString(mustBeText('Inhalt'))
  @IsNotEmpty({ message: 'Inhalt fehlt' })
  content!: string;
}

export class SubmitDto {
  @ApiProperty({
    description: 'Grund der Änderung, z. B. die geänderte Rechtsgrundlage',
    example: 'Neufassung § 60c AufenthG',
  })
  @Transform(trimmed)
  @IsString(mustBeText('Grund'))
  @IsNotEmpty({ message: 'Bitte einen Grund angeben' })
  @MaxLength(MAX_TEXT, atMost('Grund'))
  reason!: string;
}

export class ApproveDto {
  @ApiPropertyOptional({ description: 'Kommentar der Qualitätssicherung' })
  @IsOptional()
  @IsString(mustBeText('Kommentar'))
  @MaxLength(MAX_TEXT, atMost('Kommentar'))
  comment?: string;
}

export class RejectDto {
  @ApiProperty({ description: 'Begründung der Ablehnung' })
  @Transform(trimmed)
  @IsString(mustBeText('Begründung'))
  @IsNotEmpty({ message: 'Bitte die Ablehnung begründen' })
  @MaxLength(MAX_TEXT, atMost('Begründung'))
  comment!: string;
}

export class DiffQueryDto {
  @ApiProperty({ description: 'ältere Version', example: 1 })
  @Type(() => Number)
  @IsInt(versionNumber('"from"'))
  @Min(1, versionNumber('"from"'))
  from!: number;

  @ApiProperty({ description: 'neuere Version', example: 2 })
  @Type(() => Number)
  @IsInt(versionNumber('"to"'))
  @Min(1, versionNumber('"to"'))
  to!: number;
}

export class ReleasesQueryDto {
  @ApiPropertyOptional({ enum: VERSION_STATUSES, default: 'submitted' })
  @IsOptional()
  @IsIn(VERSION_STATUSES, { message: `Status muss einer dieser Werte sein: ${VERSION_STATUSES.join(', ')}` })
  status?: VersionStatus;
}

export class CatalogueQueryDto {
  @ApiPropertyOptional({ enum: MODEL_KINDS })
  @IsOptional()
  @IsIn(MODEL_KINDS, KIND_MESSAGE)
  kind?: ModelKind;
}
