import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

const MAX_VERSION = 1_000_000;

/** GET /modeler/bpmn/:id and /modeler/form/:id: ?version=n (default: the latest) */
export class EditorPageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;
}

/** GET /modeler/:kind/:id/vergleich?von=&bis= (default: the latest against its predecessor) */
export class DiffPageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  von?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  bis?: number;
}

/** GET /modeler/:kind/:id/versionen/:n?hinweis=freigegeben|abgelehnt (after the reviewer's decision) */
export class VersionPageQueryDto {
  @IsOptional()
  @IsIn(['freigegeben', 'abgelehnt'])
  hinweis?: 'freigegeben' | 'abgelehnt';
}

export const MODEL_KINDS = ['bpmn', 'form'] as const;
