import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app.config';
import { ViewsService } from '../web/views.service';
import type { Actor } from './actor';
import { CsrfWithoutSignIn, CurrentUser, Public } from './auth.decorators';
import { SignInFormDto, SignInPageQueryDto } from './auth.dto';
import { InvalidCredentialsError } from './auth.errors';
import { safeReturnPath } from './sign-in-redirect.filter';
import { SignInService } from './sign-in.service';

/** The German sign-in page, the sign-out button's target and the start page after sign-in. */
@ApiExcludeController()
@Controller()
export class SignInPageController {
  constructor(
    private readonly signIn: SignInService,
    private readonly views: ViewsService,
    private readonly config: AppConfig,
  ) {}

  @Get('anmelden')
  @Public()
  async page(@Req() req: Request, @Res() res: Response, @Query() query: SignInPageQueryDto): Promise<void> {
    const returnTo = safeReturnPath(query.ziel);
    if (req.user) return res.redirect(303, returnTo ?? '/');
    const formToken = await this.signIn.formToken(req);
    res.type('html').send(this.signInPage(formToken, returnTo, '', null));
  }

  @Post('anmelden')
  @Public()
  @CsrfWithoutSignIn()
  async submit(@Req() req: Request, @Res() res: Response, @Body() form: SignInFormDto): Promise<void> {
    const returnTo = safeReturnPath(form.ziel);
    try {
      if (!form.username.trim() || !form.password) {
        throw new InvalidCredentialsError();
      }
      await this.signIn.signIn(req, form.username, form.password);
      res.redirect(303, returnTo ?? '/');
    } catch (error) {
      if (!(error instanceof InvalidCredentialsError)) throw error;
      const formToken = await this.signIn.formToken(req);
      res
        .status(HttpStatus.UNAUTHORIZED)
        .type('html')
        .send(this.signInPage(formToken, returnTo, form.username, error.message));
    }
  }

  @Post('abmelden')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.signIn.signOut(req, res);
    res.redirect(303, '/anmelden');
  }

  @Get()
  start(@CurrentUser() actor: Actor, @Req() req: Request, @Res() res: Response): void {
    res.type('html').send(
      this.views.render('start', {
        title: 'Start',
        userName: actor.displayName,
        csrfToken: req.session.csrfToken ?? null,
        units: actor.units.join(', ') || '–',
        roles: actor.roles.join(', '),
      }),
    );
  }

  private signInPage(
    formToken: string,
    returnTo: string | null,
    username: string,
    error: string | null,
  ): string {
    let oidcHref: string | null = null;
    if (this.config.oidcEnabled) {
      oidcHref = returnTo ? `/anmelden/oidc?ziel=${encodeURIComponent(returnTo)}` : '/anmelden/oidc';
    }
    return this.views.render('sign-in', {
      title: 'Anmelden',
      formToken,
      returnTo,
      username,
      error,
      oidcHref,
    });
  }
}
