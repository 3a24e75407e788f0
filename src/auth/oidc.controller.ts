import { Controller, Get, HttpStatus, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ViewsService } from '../web/views.service';
import { Public } from './auth.decorators';
import { SignInPageQueryDto } from './auth.dto';
import { OidcService, OidcSignInError } from './oidc.service';
import { safeReturnPath } from './sign-in-redirect.filter';
import { SignInService } from './sign-in.service';

/** "Mit Dienstkonto anmelden": to the identity provider and back (only when OIDC is configured). */
@ApiExcludeController()
@Controller('anmelden/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly signIn: SignInService,
    private readonly views: ViewsService,
  ) {}

  @Get()
  @Public()
  async start(@Req() req: Request, @Res() res: Response, @Query() query: SignInPageQueryDto): Promise<void> {
    if (!this.oidc.enabled) throw new NotFoundException();
    try {
      res.redirect(303, await this.oidc.authorizationUrl(req, safeReturnPath(query.ziel)));
    } catch (error) {
      await this.refused(req, res, error);
    }
  }

  /** the redirect URI (OIDC_REDIRECT_URL); its query is read raw, as the provider sent it */
  @Get('rueckkehr')
  @Public()
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw new NotFoundException();
    try {
      const { returnTo } = await this.oidc.complete(req);
      res.redirect(303, returnTo ?? '/');
    } catch (error) {
      await this.refused(req, res, error);
    }
  }

  private async refused(req: Request, res: Response, error: unknown): Promise<void> {
    if (!(error instanceof OidcSignInError)) throw error;
    const formToken = await this.signIn.formToken(req);
    res
      .status(error.status ?? HttpStatus.BAD_REQUEST)
      .type('html')
      .send(
        this.views.render('sign-in', {
          title: 'Anmelden',
          formToken,
          returnTo: null,
          username: '',
          error: error.message,
          oidcHref: '/anmelden/oidc',
        }),
      );
  }
}
