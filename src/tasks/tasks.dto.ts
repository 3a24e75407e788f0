import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { TASK_SORTS, TASK_VIEWS, type TaskSort, type TaskView } from './tasks.service';

export class TaskListQueryDto {
  @ApiPropertyOptional({
    enum: TASK_VIEWS,
    description: 'mine: mir zugewiesen; unit: meine Einheiten; overdue: überfällig',
  })
  @IsOptional()
  @IsIn(TASK_VIEWS)
  view?: TaskView;

  @ApiPropertyOptional({ enum: ['open', 'completed', 'cancelled'] })
  @IsOptional()
  @IsIn(['open', 'completed', 'cancelled'])
  state?: 'open' | 'completed' | 'cancelled';

  @ApiPropertyOptional({ description: 'bpmnProcessId', example: 'complaint-management' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  process?: string;

  @ApiPropertyOptional({ example: 'ABH' })
  @IsOptional()
  @IsString()
  @MaxLength(8)
  unit?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(120)
  assignee?: string;

  @ApiPropertyOptional({ description: 'ISO date or instant' })
  @IsOptional()
  @IsISO8601()
  dueFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  dueTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  followUpFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  followUpTo?: string;

  @ApiPropertyOptional({ description: 'name (also spelling variants) or file number of the person' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  person?: string;

  @ApiPropertyOptional({
    description: 'process variable filters, each "name=value" (value as JSON if it parses, else text)',
    type: [String],
    example: ['complaintCategory="service"'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}=.{0,200}$/, { each: true })
  variable?: string[];

  @ApiPropertyOptional({ enum: TASK_SORTS })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class WorkloadQueryDto {
  @ApiProperty({ example: 'ABH' })
  @IsString()
  @MaxLength(8)
  unit!: string;
}

export class TaskDataDto {
  @ApiProperty({ description: 'the form fields by key', type: 'object', additionalProperties: true })
  @IsObject()
  data!: Record<string, unknown>;
}

export class AssignDto {
  @ApiProperty({ nullable: true, description: 'username, or null to unassign' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  assignee!: string | null;
}

export class ReassignDto extends AssignDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids!: string[];
}
