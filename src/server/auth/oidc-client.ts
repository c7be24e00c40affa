// The endpoint as an OpenID Connect client (`openid-client`): authorization code with PKCE, state and nonce.
// The provider's metadata is discovered on first use and kept; a failed discovery is tried again next time,
// so an endpoint that starts while the provider is away still signs people in once it is back.
import * as oidc from 'openid-client';
import { AUTH_CALLBACK } from '../../shared/auth.ts';
import type { PendingSignIn } from '../storage/session-store.ts';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Only for the development provider, which runs on plain http on loopback. */
  allowInsecure: boolean;
  /** This site's origin, for the redirect addresses (known once the endpoint listens). */
  appOrigin: () => string;
  /** Seconds each request to the provider may take. */
  timeoutSeconds?: number;
}

export class OidcClient {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(private readonly options: OidcClientOptions) {}

  get issuer(): string {
    return this.options.issuer;
  }

  private configuration(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret, allowInsecure, timeoutSeconds = 10 } = this.options;
    this.discovered ??= oidc
      .discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
        timeout: timeoutSeconds,
        ...(allowInsecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw error;
      });
    return this.discovered;
  }

  private redirectUri(): string {
    return `${this.options.appOrigin()}${AUTH_CALLBACK}`;
  }

  /** Fresh secrets for one sign-in, to keep until the callback. */
  static newSignIn(returnTo: string): PendingSignIn {
    return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), returnTo };
  }

  /** Where to send the browser to sign in. */
  async authorizationUrl(pending: PendingSignIn): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: this.options.scopes,
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Exchanges the code in the callback address for tokens, checks state, nonce, PKCE and the ID token, and
   * returns the person's claims: the ID token's, completed by the userinfo endpoint where there is one.
   */
  async finishSignIn(callbackUrl: URL, pending: PendingSignIn): Promise<Record<string, unknown>> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(
      config,
      callbackUrl,
      { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
      { redirect_uri: this.redirectUri() },
    );
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('The provider sent no ID token');
    let userInfo: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    return { ...userInfo, ...idClaims };
  }

  /** The provider's sign-out address, coming back to this site's start page; undefined when it has none. */
  async endSessionUrl(): Promise<URL | undefined> {
    const config = await this.configuration();
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, { client_id: this.options.clientId, post_logout_redirect_uri: `${this.options.appOrigin()}/` });
  }
}
