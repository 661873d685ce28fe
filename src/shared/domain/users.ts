import { z } from 'zod';

/**
 * The app's users (docs/approval.md): a caseworker prepares and sends, a supervisor also approves other people's
 * sensitive sends, an admin sets the app up (users, roster, audit-only mode) and never approves.
 */
export const userRoles = ['caseworker', 'supervisor', 'admin'] as const;
export type UserRole = (typeof userRoles)[number];

export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u);

export const userSchema = z.strictObject({
  id: z.uuid(),
  username: z.string().max(64),
  displayName: z.string().max(200),
  role: z.enum(userRoles),
  /** Set while too many wrong passwords keep the user out. */
  lockedUntil: z.string().max(40).nullable(),
  disabled: z.boolean(),
});
export type User = z.output<typeof userSchema>;
