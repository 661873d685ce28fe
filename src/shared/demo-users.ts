import type { UserRole } from './domain/users';

/**
 * The embedded demo's users (docs/demo-data.md), seeded with the demo cases into a new store so a newcomer can try
 * every role at once, and named on the sign-in screen of a demo store. The passwords are published on purpose: they
 * exist only in a demo store, never in a real installation, whose first run creates its own admin.
 */
export const DEMO_USERS: readonly {
  username: string;
  displayName: string;
  role: UserRole;
  password: string;
}[] = [
  {
    username: 'sagsbehandler',
    displayName: 'Sara Sagsbehandler',
    role: 'caseworker',
    password: 'demo-sagsbehandler-2026',
  },
  { username: 'leder', displayName: 'Lone Leder', role: 'supervisor', password: 'demo-leder-2026' },
  { username: 'leder2', displayName: 'Lars Leder', role: 'supervisor', password: 'demo-leder2-2026' },
  { username: 'admin', displayName: 'Demo Administrator', role: 'admin', password: 'demo-admin-2026' },
];
