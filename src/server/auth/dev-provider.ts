// The development identity provider: `oidc-provider` in the endpoint's own process, on its own listener at
// http://localhost:<port> (another site than 127.0.0.1, as a real provider is), so that `npm start` and the
// tests sign people in with nothing else installed. Demo users only, any password. It is never for real
// use: the endpoint runs it only when no OIDC_ISSUER is configured, on a loopback HOST, outside production.
//
// Its own small pages (sign-in form, sign-out question, errors) replace the library's, which load web fonts
// from the internet and accept any name at all.
import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { AUTH_CALLBACK, type Role } from '../../shared/auth.ts';
import { DEMO_USERS, type DemoUser } from './demo-users.ts';
import { escapeHtml } from './html.ts';

export const DEV_CLIENT_ID = 'report-a-security-incident-dev';

export interface DevProviderOptions {
  /** 0: any free port. */
  port: number;
  /** The endpoint's origin, for the client's redirect addresses (asked on first use: known once it listens). */
  appOrigin: () => string;
  /** The provider groups the configuration maps to each role (the demo users are put in the first of each). */
  roleGroups: Record<Exclude<Role, 'reporter'>, string[]>;
  groupsClaim: string;
}

export interface DevProvider {
  /** http://localhost:<port> */
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const TRIAL_NOTICE = 'This sign-in is for trying the service only. Use one of the demo users below with any password. Do not report a real incident here.';
const MAX_FORM_BYTES = 4096;
const FORM_TIMEOUT_MS = 10_000;

export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  const clientSecret = randomBytes(32).toString('base64url');
  // The ID tokens' signing key, made in the thread pool: the endpoint need not wait for it to start.
  const signingKey = promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  let provider: Promise<Provider> | undefined;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) page(res, 500, 'Something went wrong', `<p>${escapeHtml((error as Error)?.message ?? 'Unknown error')}</p>`);
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;

  // Built on first request: the client's redirect address needs the endpoint's port, known once it listens;
  // and oidc-provider (~40 MB in the process) is loaded only once someone signs in.
  const getProvider = () =>
    (provider ??= Promise.all([signingKey, import('oidc-provider')]).then(([{ privateKey }, { default: OidcProvider }]) =>
      createProvider(OidcProvider, issuer, clientSecret, privateKey, options),
    ));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', issuer);
    const interaction = /^\/interaction\/([\w-]{1,64})(\/login|\/abort)?$/.exec(url.pathname);
    const p = await getProvider();
    if (!interaction) return p.callback()(req, res);
    // No interaction under way for this browser (its cookie is gone, or the sign-in took too long).
    const details = await p.interactionDetails(req, res).catch(() => undefined);
    if (!details || details.uid !== interaction[1]) return page(res, 400, 'This sign-in has expired', '<p>Go back to the app and choose Sign in again.</p>');
    const step = interaction[2];
    if (step === '/abort') {
      return p.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person chose not to sign in' }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'consent') {
      // The app is the department's own: nothing to ask. Grant what it asked for.
      const grant = details.grantId ? await p.Grant.find(details.grantId) : new p.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant!.save();
      return p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    if (step === '/login' && req.method === 'POST') {
      const form = await readForm(req);
      const user = DEMO_USERS.find((u) => u.username === form.get('username')?.trim().toLowerCase());
      if (user && form.get('password')) {
        return p.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
      }
      return loginPage(res, details.uid, options.appOrigin(), user ? 'Enter a password (any password will do)' : 'Enter one of the demo usernames listed below');
    }
    return loginPage(res, details.uid, options.appOrigin());
  }

  return {
    issuer,
    clientId: DEV_CLIENT_ID,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function createProvider(OidcProvider: typeof Provider, issuer: string, clientSecret: string, privateKey: KeyObject, options: DevProviderOptions): Provider {
  const appOrigin = options.appOrigin();
  const groupsFor = (user: DemoUser) => user.roles.map((role) => options.roleGroups[role][0]).filter((g): g is string => !!g);
  const provider = new OidcProvider(issuer, {
    clients: [
      {
        client_id: DEV_CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${appOrigin}${AUTH_CALLBACK}`],
        post_logout_redirect_uris: [`${appOrigin}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const user = DEMO_USERS.find((u) => u.username === id);
      if (!user) return undefined;
      return {
        accountId: user.username,
        claims: async () => ({ sub: user.username, name: user.name, email: user.email, email_verified: true, [options.groupsClaim]: groupsFor(user) }),
      };
    },
    claims: { openid: ['sub'], profile: ['name', options.groupsClaim], email: ['email', 'email_verified'] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'dev-1', use: 'sig', alg: 'RS256' }] as never },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = layout(
            'Sign out of the demo sign-in?',
            `${form}<p class="notice">You have signed out of the app. Sign out of the demo sign-in too, so that the next person has to sign in again.</p>
            <button type="submit" form="op.logoutForm" value="yes" name="logout">Sign out of the demo sign-in</button>
            <button type="submit" form="op.logoutForm" class="secondary">Stay signed in to the demo sign-in</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = layout('Signed out', `<p><a href="${escapeHtml(appOrigin)}/">Back to the app</a></p>`);
        },
      },
    },
    pkce: { methods: ['S256'], required: () => true },
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
    async renderError(ctx, out) {
      ctx.type = 'html';
      const detail = Object.entries(out)
        .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`)
        .join('');
      ctx.body = layout('Sign-in went wrong', `${detail}<p><a href="${escapeHtml(appOrigin)}/">Back to the app</a></p>`);
    },
  });
  return provider;
}

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    const timer = setTimeout(() => req.destroy(new Error('The form took too long to arrive')), FORM_TIMEOUT_MS);
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) req.destroy(new Error('The form is too large'));
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(new URLSearchParams(body));
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function loginPage(res: http.ServerResponse, uid: string, appOrigin: string, error?: string) {
  const users = DEMO_USERS.map((u) => `<li><code>${u.username}</code>: ${escapeHtml(u.name)}${u.roles.length ? ` (${u.roles.join(', ')})` : ' (reporter)'}</li>`).join('');
  page(
    res,
    error ? 400 : 200,
    'Sign in (demo)',
    `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="/interaction/${uid}/login">
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
    <h2>Demo users</h2>
    <ul>${users}</ul>
    <p><a href="/interaction/${uid}/abort">Cancel and go back to the app</a></p>`,
    appOrigin,
  );
}

function page(res: http.ServerResponse, status: number, title: string, body: string, appOrigin?: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // Forms post here, then the provider redirects to the app's callback: both must be allowed.
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'${appOrigin ? ` ${appOrigin}` : ''}; frame-ancestors 'none'; base-uri 'none'`,
  });
  res.end(layout(title, body));
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - demo sign-in</title>
<style>
body{font-family:Arial,sans-serif;max-width:34em;margin:2em auto;padding:0 1em;color:#0b0c0c;line-height:1.4}
.banner{border-left:10px solid #d4351c;padding:.5em 1em;background:#fff;margin-bottom:1.5em}
label{display:block;font-weight:700;margin-top:1em}
input{display:block;width:100%;box-sizing:border-box;padding:.4em;font-size:1.1em;border:2px solid #0b0c0c}
button{margin-top:1.2em;padding:.5em 1em;font-size:1.1em;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;cursor:pointer}
button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
.error{color:#d4351c;font-weight:700}
</style>
</head>
<body>
<p class="banner" data-testid="demo-banner"><strong>Demo.</strong> ${TRIAL_NOTICE}</p>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}
