/**
 * A real OpenID Connect provider (oidc-provider 9) for the OIDC sign-in tests, run as a child process
 * (`tsx test/utils/oidc-test-provider.main.ts`): listens on a free loopback port and prints
 * `{"issuer": "..."}` on stdout. Env: OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET,
 * OIDC_TEST_REDIRECT_URI, OIDC_TEST_ACCOUNTS (JSON: account id → claims). The login interaction signs
 * in the account chosen last with GET /__test/account/<id> (no login form).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Claims = Record<string, unknown>;

/** the little of oidc-provider's API used here (the package ships no types) */
interface Grant {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface GrantClass {
  new (init: { clientId: string; accountId: string }): Grant;
  find(id: string): Promise<Grant | undefined>;
}
interface Ctx {
  oidc: {
    provider: { Grant: GrantClass };
    client: { clientId: string };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    result?: { consent?: { grantId?: string } };
  };
}
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: object,
    options: { mergeWithLastSubmission: boolean },
  ): Promise<void>;
}
type ProviderClass = new (issuer: string, configuration: object) => Provider;

/** oidc-provider is ESM only: a native dynamic import */
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() that TS does not rewrite to require()
const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;

async function main(): Promise<void> {
  const { default: Provider } = (await nativeImport('oidc-provider')) as { default: ProviderClass };
  const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}') as Record<string, Claims>;
  let nextAccount = '';

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: process.env.OIDC_TEST_CLIENT_ID ?? '',
        client_secret: process.env.OIDC_TEST_CLIENT_SECRET ?? '',
        redirect_uris: [process.env.OIDC_TEST_REDIRECT_URI ?? ''],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], mia: ['roles', 'units'] },
    scopes: ['openid', 'profile', 'mia'],
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx: Ctx, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: Ctx, id: string) =>
      accounts[id] ? { accountId: id, claims: () => ({ ...accounts[id], sub: id }) } : undefined,
    // first-party client: grant the requested scopes without a consent screen
    loadExistingGrant: async (ctx: Ctx) => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile mia');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith('/__test/account/')) {
      nextAccount = decodeURIComponent(url.slice('/__test/account/'.length));
      res.end('ok');
    } else if (url.startsWith('/interaction/')) {
      provider
        .interactionFinished(
          req,
          res,
          { login: { accountId: nextAccount } },
          { mergeWithLastSubmission: false },
        )
        .catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
    } else {
      void callback(req, res);
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
