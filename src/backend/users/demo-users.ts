import { DEMO_USERS } from '../../shared/demo-users';
import type { UsersService } from './users.service';

export { DEMO_USERS };

/** Seeds the demo users into a store that has none: the demo admin first (the first run's admin), then the others. */
export function seedDemoUsers(users: UsersService): void {
  const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
  const created = users.setUpAdmin(admin);
  for (const u of DEMO_USERS) if (u !== admin) users.create(created.id, u);
}

/** Whether the demo users are (still) there: the sign-in screen then names them. */
export function hasDemoUsers(users: UsersService): boolean {
  return DEMO_USERS.every((u) => users.byUsername(u.username)?.role === u.role);
}
