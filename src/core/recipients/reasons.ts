import type { EligibilityRuleSlot, PolicyPack } from '../../shared/domain/policy';
import type { Reason } from '../../shared/domain/proposal';

/** The values a reason sentence may use (REASON_PLACEHOLDERS); a missing one is left out, never shown raw. */
export type ReasonValues = Partial<
  Record<'name' | 'child' | 'age' | 'until' | 'type' | 'scope' | 'matter' | 'address', string>
>;

const MAX_REASON = 500;

/** The pack's reason for a rule, with its placeholders filled in. */
export function reasonFor(pack: PolicyPack, slot: EligibilityRuleSlot, values: ReasonValues = {}): Reason {
  const rule = pack.eligibility.rules[slot];
  const text = rule.text.replace(
    /\{([a-z]+)\}/g,
    (_, key: string) => values[key as keyof ReasonValues] ?? '',
  );
  return { ruleId: rule.id, text: text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text };
}

/** Danish names of a type's matter and a guardianship's scope, for the reason sentences. */
export const MATTER_LABELS: Record<'personal' | 'financial' | 'both', string> = {
  personal: 'personlige forhold',
  financial: 'økonomiske forhold',
  both: 'personlige og økonomiske forhold',
};
