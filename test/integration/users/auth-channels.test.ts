import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/create-backend';
import { DEMO_USERS } from '../../../src/shared/demo-users';
import { demoDateClock } from '../../support/fakes';
import { call, testBackend } from '../../support/backend';
import { tempDir } from '../../support/temp-dir';

const password = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;

describe('signing in through the contract (the app’s mode)', () => {
  let dir: ReturnType<typeof tempDir>;
  let backend: Backend;
  const json = (channel: string, input: unknown) => backend.dispatcher.json(channel, input);
  const codeOf = async (channel: string, input: unknown) => {
    const res = await json(channel, input);
    return res.ok ? 'ok' : res.error.code;
  };
  const signIn = (username: string, pw = password(username)) =>
    call<{ signedIn: boolean; reason?: string }>(backend.dispatcher, 'auth:signIn', {
      username,
      password: pw,
    });

  beforeAll(() => {
    dir = tempDir();
    backend = testBackend(dir.path, { clock: demoDateClock(), currentUser: undefined });
  });
  afterAll(() => {
    backend.close();
    dir.cleanup();
  });

  it('a new demo store has the demo users; nothing but the open channels answers before sign-in', async () => {
    expect(await call(backend.dispatcher, 'auth:session', {})).toEqual({
      mode: 'users',
      setUp: true,
      user: null,
      idleLockMinutes: 10,
      demoUsers: true,
    });
    expect(await codeOf('cases:list', {})).toBe('UNAUTHENTICATED');
    expect(await signIn('sagsbehandler', 'forkert kodeord')).toEqual({
      signedIn: false,
      reason: 'wrong',
      until: null,
    });
    expect(await codeOf('cases:list', {})).toBe('UNAUTHENTICATED');
    expect(await signIn('sagsbehandler')).toMatchObject({
      signedIn: true,
      user: { username: 'sagsbehandler', role: 'caseworker', displayName: 'Sara Sagsbehandler' },
    });
    expect(await codeOf('cases:list', {})).toBe('ok');
    expect(await call(backend.dispatcher, 'app:info', {})).toMatchObject({ user: 'Sara Sagsbehandler' });
  });

  it('the history names the signed-in person', async () => {
    await signIn('sagsbehandler');
    const { cases } = await call<{ cases: { caseNumber: string }[] }>(backend.dispatcher, 'cases:list', {});
    await call(backend.dispatcher, 'cases:get', { caseNumber: cases[0]!.caseNumber });
    const { entries } = await call<{ entries: { kind: string; actor: string }[] }>(
      backend.dispatcher,
      'audit:list',
      { limit: 5 },
    );
    expect(entries.find((e) => e.kind === 'case.viewed')?.actor).toBe('Sara Sagsbehandler');
    expect(entries.some((e) => e.kind === 'user.signed_in')).toBe(true);
  });

  it('roles: users are the admin’s; resolving an unknown send is a supervisor’s; the policy file an admin’s', async () => {
    await signIn('sagsbehandler');
    expect(await codeOf('users:list', {})).toBe('FORBIDDEN');
    expect(
      await codeOf('users:create', {
        username: 'x-bruger',
        displayName: 'X',
        role: 'supervisor',
        password: 'et langt kodeord',
      }),
    ).toBe('FORBIDDEN');
    const resolve = {
      outboxId: '00000000-0000-4000-8000-000000000000',
      resolution: 'delivered',
      reason: 'Set i Digital Post',
    };
    expect(await codeOf('outbox:resolve', resolve)).toBe('FORBIDDEN');
    expect(await codeOf('settings:update', { patch: { policyFile: '/tmp/politik.json' } })).toBe('FORBIDDEN');
    expect(await codeOf('settings:update', { patch: { sendDelaySeconds: 15 } })).toBe('ok');

    await signIn('leder');
    expect(await codeOf('users:list', {})).toBe('FORBIDDEN');
    // Past the role check, the unknown row is not found.
    expect(await codeOf('outbox:resolve', resolve)).toBe('NOT_FOUND');

    await signIn('admin');
    expect(await codeOf('outbox:resolve', resolve)).toBe('FORBIDDEN');
    const created = await call<{ user: { id: string; role: string } }>(backend.dispatcher, 'users:create', {
      username: 'ny-sagsbehandler',
      displayName: 'Nora Ny',
      role: 'caseworker',
      password: 'et langt kodeord',
    });
    expect(created.user.role).toBe('caseworker');
    expect(await signIn('ny-sagsbehandler', 'et langt kodeord')).toMatchObject({ signedIn: true });
    // The first run is over: nobody sets up another admin.
    expect(
      await codeOf('auth:setUp', { username: 'ny-admin', displayName: 'Ny', password: 'et langt kodeord' }),
    ).toBe('FORBIDDEN');
  });

  it('signing out ends the session', async () => {
    await signIn('sagsbehandler');
    await call(backend.dispatcher, 'auth:signOut', { reason: 'idle' });
    expect(await codeOf('cases:list', {})).toBe('UNAUTHENTICATED');
    const { user } = await call<{ user: unknown }>(backend.dispatcher, 'auth:session', {});
    expect(user).toBeNull();
  });
});

describe('the fixed mode (CLI, tests)', () => {
  it('answers without sign-in, and has no users to sign in as', async () => {
    const dir = tempDir();
    const backend = testBackend(dir.path);
    try {
      expect(await call(backend.dispatcher, 'auth:session', {})).toMatchObject({ mode: 'fixed', user: null });
      expect((await backend.dispatcher.json('cases:list', {})).ok).toBe(true);
      const res = await backend.dispatcher.json('auth:signIn', {
        username: 'sagsbehandler',
        password: password('sagsbehandler'),
      });
      expect(res.ok === false && res.error.code).toBe('FORBIDDEN');
    } finally {
      backend.close();
      dir.cleanup();
    }
  });
});
