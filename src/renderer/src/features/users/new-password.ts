/** The backend's own minimum for a password (contract: `createUser.password`, `resetPassword.newPassword`). */
export const MIN_PASSWORD = 10;

export interface PasswordTexts {
  passwordShort: (n: number) => string;
  repeatMismatch: string;
}

/** A new password typed twice, checked as the backend will check it: long enough, and the same both times. */
export function checkNewPassword(
  password: string,
  repeat: string,
  t: PasswordTexts,
): { password?: string; repeat?: string } {
  if (password.length < MIN_PASSWORD) return { password: t.passwordShort(MIN_PASSWORD) };
  if (repeat !== password) return { repeat: t.repeatMismatch };
  return {};
}
