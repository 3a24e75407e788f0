import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { AGENCY_UNITS, type AgencyUnit } from '../agencies/units';
import { ROLES, type Role } from './actor';

export class LoginDto {
  @ApiProperty({ example: 'sb.abh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'Demo-Passwort-2026', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

/** the HTML sign-in form (empty fields are answered on the page, not with 400) */
export class SignInFormDto {
  @IsString()
  @MaxLength(100)
  username!: string;

  @IsString()
  @MaxLength(200)
  password!: string;

  /** where to go after sign-in (a path on this site) */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  ziel?: string;
}

/** the sign-in page's query */
export class SignInPageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  ziel?: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'sb.abh' })
  username!: string;

  @ApiProperty({ example: 'Sachbearbeitung ABH (Demo)' })
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ enum: Object.keys(AGENCY_UNITS), isArray: true })
  units!: AgencyUnit[];

  @ApiProperty({
    description: 'CSRF token of the session: send it as header x-csrf-token with every POST/PUT/PATCH/DELETE',
  })
  csrfToken!: string;
}
