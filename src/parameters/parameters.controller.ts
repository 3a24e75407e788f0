import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ParametersService } from './parameters.service';

export class ParameterVersionDto {
  @ApiProperty({ example: 'asylblg.analogWaitingMonths' })
  key!: string;

  @ApiProperty({ example: '2024-02-27', description: 'ISO date from which the value applies' })
  validFrom!: string;

  @ApiProperty({ description: 'the value (number, text, object)', example: 36 })
  value!: unknown;

  @ApiProperty({ example: '§ 2 Abs. 1 AsylbLG' })
  source!: string;

  @ApiProperty({ enum: ['statutory', 'local', 'unconfirmed'] })
  kind!: string;

  @ApiPropertyOptional({ nullable: true })
  note?: string | null;
}

/**
 * The versioned parameters the rules use ([local] and [?] values of the brief, rates, cut-off dates).
 * Read-only here; a new version is added through ParametersService (an editing API follows with
 * sign-in and roles, so that only authorised users can change a legal parameter).
 */
@ApiTags('parameters')
@Controller('api/parameters')
export class ParametersController {
  constructor(private readonly parameters: ParametersService) {}

  @Get()
  @ApiOperation({ summary: 'Every version of every parameter (newest first per key)' })
  @ApiOkResponse({ type: ParameterVersionDto, isArray: true })
  async list(): Promise<ParameterVersionDto[]> {
    return (await this.parameters.list()).map((p) => ({
      key: p.key,
      validFrom: p.validFrom,
      value: p.value,
      source: p.source,
      kind: p.kind,
      note: p.note ?? null,
    }));
  }
}
