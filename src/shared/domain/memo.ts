/**
 * The MeMo message (Digitaliseringsstyrelsen's Message Model) that carries a letter to Digital Post. Types and
 * the version rule only; the builder and the XSD validation live in backend/memo (docs/memo.md).
 */

/** The MeMo versions this build can write and validate: one per XSD set shipped in resources/xsd/. */
export const SUPPORTED_MEMO_VERSIONS = ['1.1'] as const;
export type MemoVersion = (typeof SUPPORTED_MEMO_VERSIONS)[number];

export function isSupportedMemoVersion(version: unknown): version is MemoVersion {
  return typeof version === 'string' && (SUPPORTED_MEMO_VERSIONS as readonly string[]).includes(version);
}

/** The Danish explanation when a setting or a caller asks for another MeMo version than 1.1. */
export function unsupportedMemoVersionMessage(version: unknown): string {
  const shown = typeof version === 'string' ? `"${version.slice(0, 20)}"` : String(version);
  return (
    `MeMo-version ${shown} understøttes ikke. Sendeassistent kan kun danne MeMo version 1.1, ` +
    'fordi det kun er MeMo 1.1-skemaerne (XSD), som hver meddelelse kontrolleres mod, der findes. ' +
    'Version 1.2 kan først vælges, når MeMo 1.2-skemaerne er lagt i ../shared/specs/digital-post/ og leveres med programmet.'
  );
}

export type MemoRecipientIdType = 'CPR' | 'CVR';

/** Everything one MeMo message is built from. Texts are as the caseworker and the settings have them. */
export interface MemoInput {
  /** From the settings; only '1.1' is accepted. */
  memoVersion: string;
  /** Version-4 UUID, fixed when the send is accepted and reused on every retry. */
  messageUUID: string;
  /** MessageBody/createdDateTime, written in UTC with whole seconds. */
  createdAt: Date;
  sender: {
    /** The sending authority's CVR number (8 digits). */
    cvr: string;
    /** The name shown as the sender, e.g. "Eksempel Kommune". */
    label: string;
    /** Optional Sender/ContactPoint: where a reply goes. */
    contact?: MemoContactPoint;
  };
  recipient: {
    idType: MemoRecipientIdType;
    /** 10 digits for CPR, 8 for CVR. */
    id: string;
    /** The recipient's name (Recipient/label). */
    label: string;
  };
  /** The title shown to the recipient (MessageHeader/label and MainDocument/label). */
  label: string;
  /** The case number, written as ContentData/CaseID/caseID. */
  caseId?: string;
  /** The case system's name from the settings (ContentData/CaseID/caseSystem, required with a caseId). */
  caseSystem: string;
  document: {
    fileName: string;
    /** The PDF itself. */
    bytes: Uint8Array;
  };
  /** MessageHeader/mandatory (default false). */
  mandatory?: boolean;
  /** MessageHeader/legalNotification (default false). */
  legalNotification?: boolean;
}

export interface MemoContactPoint {
  contactPointId: string;
  label?: string;
  /** At most two label/value pairs (ContactInfo). */
  info?: Array<{ label: string; value: string }>;
}
