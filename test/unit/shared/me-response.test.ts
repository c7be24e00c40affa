import { describe, expect, it } from 'vitest';
import { parseMeResponse } from '../../../src/shared/me-response.ts';

const rosa = { id: 'sub-1', name: 'Rosa Reporter', email: 'rosa@example.org', roles: ['reporter', 'dpo'] };

describe("GET /api/me's answer as the app reads it", () => {
  it('takes a signed-in person and their roles, and nobody signed in', () => {
    expect(parseMeResponse({ user: rosa, demo: true })).toEqual({ user: rosa, demo: true });
    expect(parseMeResponse({ user: null, demo: false })).toEqual({ user: null, demo: false });
  });

  it('keeps what it uses when the endpoint tells more', () => {
    expect(parseMeResponse({ user: { ...rosa, team: 'x' }, demo: false, version: 2 })).toEqual({ user: rosa, demo: false });
  });

  it.each([
    ['no answer', null],
    ['a list', [rosa]],
    ['no demo flag', { user: null }],
    ['demo as text', { user: null, demo: 'yes' }],
    ['no user field', { demo: false }],
    ['a user with no email', { user: { ...rosa, email: undefined }, demo: false }],
    ['an unknown role', { user: { ...rosa, roles: ['admin'] }, demo: false }],
    ['roles not a list', { user: { ...rosa, roles: 'reporter' }, demo: false }],
  ])('refuses %s', (_, value) => {
    expect(parseMeResponse(value)).toBeUndefined();
  });
});
