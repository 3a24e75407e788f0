import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from './actor';
import { CurrentUser, Public } from './auth.decorators';
import { LoginDto, MeDto } from './auth.dto';
import { SignInService } from './sign-in.service';

/** Sign-in for API clients and browser scripts; the session cookie is set as for the sign-in page. */
@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly signIn: SignInService) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in (JSON); sets the session cookie and returns the CSRF token' })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS (also for locked or unknown accounts)' })
  async login(@Req() req: Request, @Body() body: LoginDto): Promise<MeDto> {
    // JSON only: a cross-site form cannot post JSON, so no login CSRF through this route
    if (!req.is('application/json')) throw new UnsupportedMediaTypeException('Nur application/json');
    const { actor, csrfToken } = await this.signIn.signIn(req, body.username, body.password);
    return { ...actor, csrfToken };
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: ends the session (header x-csrf-token required)' })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED' })
  @ApiForbiddenResponse({ description: 'CSRF_TOKEN_INVALID' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.signIn.signOut(req, res);
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user, with the CSRF token of the session' })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED' })
  me(@CurrentUser() actor: Actor, @Req() req: Request): MeDto {
    return { ...actor, csrfToken: req.session.csrfToken ?? '' };
  }
}
