import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** an empty form field means "not given" */
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** one ticked checkbox arrives as a string, several as an array */
const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || Array.isArray(value) ? value : [value];

/** the value of the "Bearbeitung" filter and of the assignee select that stands for "nobody" */
export const NOBODY = ':niemand';

/** the query of GET /aufgaben/team */
export class TeamPageQueryDto {
  /** the unit (one the team lead leads; default: the first) */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(8)
  einheit?: string;

  /** only the tasks of one person (username), or NOBODY for the unassigned ones */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(120)
  bearbeitung?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  seite?: number;
}

/** the form of POST /aufgaben/team/zuweisen: the ticked tasks and to whom they go */
export class TeamAssignFormDto extends TeamPageQueryDto {
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  aufgaben?: string[];

  /** a username of the unit, or NOBODY: back to the unit's pool */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(120)
  an?: string;
}
