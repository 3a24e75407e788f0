import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class RetentionRunDto {
  @ApiProperty({ example: '12' })
  runId!: string;

  @ApiProperty({ enum: ['schedule', 'manual'] })
  trigger!: string;

  @ApiProperty({ example: '2036-11-29', description: 'the engine day (Europe/Berlin) the run decided on' })
  day!: string;

  @ApiProperty({ description: 'persons erased' })
  persons!: number;

  @ApiProperty({ description: 'persons whose retention ended while a process still runs ("zurückgestellt")' })
  deferred!: number;

  @ApiProperty({ description: 'complaint files erased' })
  complaints!: number;

  @ApiProperty({ description: 'form drafts of ended tasks cleared' })
  taskDrafts!: number;

  @ApiProperty({ description: 'expired sign-in sessions erased' })
  sessions!: number;
}

export class DeletionRecordDto {
  @ApiProperty({ example: '7' })
  id!: string;

  @ApiPropertyOptional({ nullable: true, description: 'the run of the job (null: erasure on request)' })
  runId!: string | null;

  @ApiProperty({ example: '2036-11-29T02:00:00.000Z' })
  occurredAt!: string;

  @ApiProperty({ enum: ['schedule', 'manual', 'request'] })
  trigger!: string;

  @ApiProperty({ example: 'system', description: "the admin's username, or 'system'" })
  actor!: string;

  @ApiPropertyOptional({ nullable: true, example: 'retention.case.asylblg' })
  ruleKey!: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2020-01-01', description: 'version of the rule' })
  ruleValidFrom!: string | null;

  @ApiProperty({ example: 'case.asylblg', description: 'the rule category, or "art17" for a request' })
  category!: string;

  @ApiProperty({ enum: ['person', 'complaint', 'task-draft', 'session'] })
  recordType!: string;

  @ApiProperty({ example: 1 })
  count!: number;

  @ApiProperty({
    description: 'rows erased or anonymised per place',
    example: { task: 2, 'engine.event_log': 40 },
  })
  places!: Record<string, number>;
}

export class DeletionListDto {
  @ApiProperty({ type: [DeletionRecordDto] })
  items!: DeletionRecordDto[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  pageSize!: number;
}

export class DeletionListQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page: Seite – bitte eine ganze Zahl ab 1 angeben.' })
  @Min(1, { message: 'page: Seite – bitte eine ganze Zahl ab 1 angeben.' })
  @Max(100_000, { message: 'page: Seite – höchstens 100000.' })
  page?: number;
}

export class ErasureResultDto {
  @ApiProperty({ example: '8', description: 'the deletion record' })
  deletionId!: string;

  @ApiProperty({ description: 'rows erased or anonymised per place', example: { person: 1, task: 2 } })
  places!: Record<string, number>;
}

export class RetentionRuleDto {
  @ApiProperty({ example: 'retention.case.asylblg' })
  key!: string;

  @ApiProperty({ example: 'case.asylblg' })
  category!: string;

  @ApiProperty({ example: '2020-01-01' })
  validFrom!: string;

  @ApiPropertyOptional({
    nullable: true,
    example: { years: 10 },
    description: 'the period after closure; null = no automatic erasure',
  })
  period!: { years?: number; months?: number; days?: number } | null;

  @ApiProperty()
  source!: string;
}
