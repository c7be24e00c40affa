// The development provider's demo users (dev-provider.ts), apart from it so that naming them does not load
// oidc-provider, which only a start without OIDC_ISSUER needs.
import type { Role } from '../../shared/auth.ts';

export interface DemoUser {
  /** What to type as the username; also the subject (`sub`). */
  username: string;
  name: string;
  email: string;
  /** Roles beyond reporter: given through the groups that the configuration maps to them. */
  roles: Exclude<Role, 'reporter'>[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'reporter', name: 'Rosa Reporter', email: 'rosa.reporter@example.org', roles: [] },
  { username: 'reporter2', name: 'Rafi Reporter', email: 'rafi.reporter@example.org', roles: [] },
  { username: 'manager', name: 'Mina Manager', email: 'mina.manager@example.org', roles: ['incident-manager'] },
  { username: 'dpo', name: 'Priya Privacy', email: 'priya.privacy@example.org', roles: ['dpo'] },
  { username: 'reader', name: 'Reece Reader', email: 'reece.reader@example.org', roles: ['read-only'] },
];
