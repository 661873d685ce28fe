import { useCallback, useState } from 'react';
import type { FindingCode } from '../../../../shared/domain/findings';

export interface Acknowledgement {
  code: FindingCode;
  reason: string;
}

/** What the caseworker has decided about the current document. */
export interface Choices {
  caseNumber: string | null;
  /** The type the caseworker chose; the recognised one when absent. */
  documentType?: string;
  /** The ticked party ids; the proposed ones when absent. */
  recipients?: string[];
  acknowledged: Acknowledgement[];
}

const EMPTY: Choices = { caseNumber: null, acknowledged: [] };

/**
 * The choices, and what each change undoes. An acknowledgement was given for one case, type and set of recipients:
 * when any of them changes the warnings must be looked at again, so a reason given for one parent never silently
 * covers another. A new case or type starts again from the proposed recipients.
 */
export function useSendChoices() {
  const [choices, setChoices] = useState<Choices>(EMPTY);

  const pickCase = useCallback(
    (caseNumber: string | null) =>
      setChoices((c) => ({ caseNumber, documentType: c.documentType, acknowledged: [] })),
    [],
  );
  const chooseType = useCallback(
    (documentType: string | undefined) =>
      setChoices((c) => ({ caseNumber: c.caseNumber, documentType, acknowledged: [] })),
    [],
  );
  const setRecipients = useCallback(
    (recipients: string[]) => setChoices((c) => ({ ...c, recipients, acknowledged: [] })),
    [],
  );
  const acknowledge = useCallback(
    (ack: Acknowledgement) =>
      setChoices((c) => ({
        ...c,
        acknowledged: [...c.acknowledged.filter((a) => a.code !== ack.code), ack],
      })),
    [],
  );
  /** A new document keeps the case (a wrong attachment is often replaced in the same case) and nothing else. */
  const newDocument = useCallback(
    () => setChoices((c) => ({ caseNumber: c.caseNumber, acknowledged: [] })),
    [],
  );
  const reset = useCallback(() => setChoices(EMPTY), []);

  return { choices, pickCase, chooseType, setRecipients, acknowledge, newDocument, reset };
}
