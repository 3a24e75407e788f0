import { ApiProperty } from '@nestjs/swagger';

export class HealthComponentDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
}

export class EngineHealthDto extends HealthComponentDto {
  @ApiProperty({ enum: ['embedded', 'zeebe'] })
  mode!: 'embedded' | 'zeebe';
}

export class HealthDto {
  @ApiProperty({ enum: ['up', 'down'], description: 'up when database and engine are up' })
  status!: 'up' | 'down';

  @ApiProperty({ type: HealthComponentDto })
  database!: HealthComponentDto;

  @ApiProperty({ type: EngineHealthDto })
  engine!: EngineHealthDto;
}
