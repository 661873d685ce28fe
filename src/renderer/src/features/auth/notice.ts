/** Why the sign-in screen is shown again (said above the form). */
export type Notice =
  { kind: 'idle'; minutes: number } | { kind: 'ended' } | { kind: 'signedOut' } | { kind: 'alreadySetUp' };
