/**
 * A key's fingerprint (SHA-256, 64 hex digits) in groups of four, so two people can read it to each other over
 * the phone and compare it group by group. The whole value stays one text for copying and for screen readers.
 */
export function groupFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  return (
    <code className="fingerprint" data-testid={testId} data-fingerprint={value}>
      {groupFingerprint(value)}
    </code>
  );
}
