import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { IdentityEvidence, Sex, Vulnerability } from './person.entity';
import { STARTABLE_PROCESSES } from './case-file.service';

const SEXES: Sex[] = ['female', 'male', 'diverse', 'unknown'];
const EVIDENCE: IdentityEvidence[] = [
  'passport',
  'id-card',
  'biometric-document',
  'non-biometric-document',
  'other',
  'none',
];
const VULNERABILITIES: Vulnerability[] = [
  'pregnancy',
  'disability',
  'violence-survivor',
  'single-parent',
  'elderly',
  'minor',
  'illness',
];

export class PersonSearchQueryDto {
  @ApiPropertyOptional({
    description: 'Name, Geburtsdatum (TT.MM.JJJJ) oder Aktenzeichen',
    example: 'Muhamad',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Name (Schreibvarianten und Tippfehler werden gefunden)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '1995-04-12' })
  @IsOptional()
  @Matches(/^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})$/)
  dateOfBirth?: string;

  @ApiPropertyOptional({
    description: 'Aktenzeichen, AZR-Nummer oder BAMF-Aktenzeichen',
    example: 'MIA-2026-000042',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  fileNumber?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class CreatePersonDto {
  @ApiProperty({ example: 'Haddad' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  familyName!: string;

  @ApiProperty({ example: 'Amal' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  givenNames!: string;

  @ApiPropertyOptional({ type: [String], description: 'weitere Schreibweisen' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  nameVariants?: string[];

  @ApiPropertyOptional({ example: '1995-04-12' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dateOfBirth?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  dateOfBirthEstimated?: boolean;

  @ApiPropertyOptional({ enum: SEXES })
  @IsOptional()
  @IsIn(SEXES)
  sex?: Sex;

  @ApiPropertyOptional({ type: [String], example: ['SYR'], description: 'ISO 3166-1 alpha-3' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @Matches(/^[A-Z]{3}$/, { each: true })
  nationalities?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  azrNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(32)
  bamfFileNumber?: string;

  @ApiPropertyOptional({ example: '2023-03-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  entryDate?: string;

  @ApiPropertyOptional({ enum: EVIDENCE })
  @IsOptional()
  @IsIn(EVIDENCE)
  identityEvidence?: IdentityEvidence;

  @ApiPropertyOptional({ example: 'ar' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}$/)
  language?: string;

  @ApiPropertyOptional({ enum: VULNERABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(VULNERABILITIES, { each: true })
  vulnerabilities?: Vulnerability[];

  @ApiPropertyOptional({ example: 'Naumburg (Saale)' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  municipality?: string;
}

export class StartProcessDto {
  @ApiProperty({ enum: STARTABLE_PROCESSES.map((p) => p.bpmnProcessId) })
  @IsIn(STARTABLE_PROCESSES.map((p) => p.bpmnProcessId))
  bpmnProcessId!: string;

  @ApiPropertyOptional({ description: 'Startangaben des Prozesses (ohne personId und caseId)' })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;
}

export class CreateNoteDto {
  @ApiProperty({ example: 'Telefonat mit der Person: Unterlagen folgen.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text!: string;
}
