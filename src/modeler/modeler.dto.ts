import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { MODEL_KINDS, type ModelKind } from './model-resource.entity';
import { VERSION_STATUSES, type VersionStatus } from './model-version.entity';

const RESOURCE_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;

export class ResourceParamsDto {
  @ApiProperty({ enum: MODEL_KINDS })
  @IsIn(MODEL_KINDS, { message: 'Art muss "bpmn" oder "form" sein' })
  kind!: ModelKind;

  @ApiProperty({ description: 'bpmnProcessId oder Formular-ID', example: 'complaint-management' })
  @IsString()
  @Matches(RESOURCE_ID, { message: 'ungültige ID' })
  resourceId!: string;
}

export class VersionParamsDto extends ResourceParamsDto {
  @ApiProperty({ description: 'Versionsnummer (1…n)', example: 1 })
  @Type(() => Number)
  @IsInt({ message: 'Versionsnummer muss eine ganze Zahl sein' })
  @Min(1)
  n!: number;
}

export class SaveVersionDto {
  @ApiProperty({ description: 'BPMN-XML oder form-js-JSON (höchstens 2 MB)' })
  @IsString()
  @IsNotEmpty({ message: 'Inhalt fehlt' })
  content!: string;

  @ApiPropertyOptional({ description: 'Kommentar zur Änderung', example: '§ 60c AufenthG: neue Frist' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ description: 'die Version, aus der der Entwurf bearbeitet wurde' })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOn?: number;
}

export class ImportDto {
  @ApiProperty({
    description: 'Dateiname; .bpmn oder .form entscheidet die Art',
    example: 'complaint-management.bpmn',
  })
  @IsString()
  @IsNotEmpty({ message: 'Dateiname fehlt' })
  @MaxLength(255)
  fileName!: string;

  @ApiProperty({ description: 'Dateiinhalt (höchstens 2 MB)' })
  @IsString()
  @IsNotEmpty({ message: 'Inhalt fehlt' })
  content!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class LintDto {
  @ApiProperty({ enum: ['bpmn'] })
  @IsIn(['bpmn'], { message: 'Nur BPMN-Modelle werden geprüft' })
  kind!: 'bpmn';

  @ApiProperty({ description: 'BPMN-XML' })
  @IsString()
  @IsNotEmpty({ message: 'Inhalt fehlt' })
  content!: string;
}

export class SubmitDto {
  @ApiProperty({
    description: 'Grund der Änderung, z. B. die geänderte Rechtsgrundlage',
    example: 'Neufassung § 60c AufenthG',
  })
  @IsString()
  @IsNotEmpty({ message: 'Bitte einen Grund angeben' })
  @MaxLength(2000)
  reason!: string;
}

export class ApproveDto {
  @ApiPropertyOptional({ description: 'Kommentar der Qualitätssicherung' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectDto {
  @ApiProperty({ description: 'Begründung der Ablehnung' })
  @IsString()
  @IsNotEmpty({ message: 'Bitte die Ablehnung begründen' })
  @MaxLength(2000)
  comment!: string;
}

export class DiffQueryDto {
  @ApiProperty({ description: 'ältere Version', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from!: number;

  @ApiProperty({ description: 'neuere Version', example: 2 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to!: number;
}

export class ReleasesQueryDto {
  @ApiPropertyOptional({ enum: VERSION_STATUSES, default: 'submitted' })
  @IsOptional()
  @IsIn(VERSION_STATUSES)
  status?: VersionStatus;
}

export class CatalogueQueryDto {
  @ApiPropertyOptional({ enum: MODEL_KINDS })
  @IsOptional()
  @IsIn(MODEL_KINDS)
  kind?: ModelKind;
}
