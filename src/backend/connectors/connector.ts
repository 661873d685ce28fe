import type { RecipientChannel } from '../../shared/domain/proposal';

/**
 * One interface for every Digital Post connector (architecture.md, "Sending"): send a validated MeMo message with
 * its channel, look a message up by its UUID where the connector can, and say whether it is reachable. The outbox
 * (src/core/outbox) decides what happens on each answer; a connector never retries or drops anything itself.
 */

export interface PostalAddress {
  name: string;
  street: string;
  postalCode: string;
  city: string;
}

export interface OutgoingMessage {
  /** The MeMo messageUUID: fixed when the send is accepted, the same on every retry. */
  messageUUID: string;
  /** The validated MeMo XML. */
  memoXml: string;
  /** `digital`, `physical` (with the postal address: Fysisk Post), or `auto` for an unknown Digital Post status. */
  channel: Exclude<RecipientChannel, 'none'>;
  postalAddress?: PostalAddress;
}

export interface Receipt {
  /** The connector's own reference (e.g. a TransmissionID), when it gives one. */
  reference: string | null;
  /** ISO time the connector accepted the message. */
  receivedAt: string;
  /** Plain Danish for the window, e.g. "Afleveret til Digital Post" or "Afleveret til Fysisk Post". */
  text: string;
}

/**
 * How a send ended, in the outbox's terms: `accepted`; `rejected` (4xx: never retried); `server_error` (5xx: retried
 * with the same UUID); `offline` (connection refused, no DNS: the request never left, retry budget untouched);
 * `interrupted` (the request may have arrived: the outbox marks it unknown and looks it up).
 */
export type SendOutcome =
  | { kind: 'accepted'; receipt: Receipt }
  | { kind: 'rejected' | 'server_error' | 'offline' | 'interrupted'; message: string };

/**
 * `unavailable`: this connector cannot answer look-ups (a person must resolve the message). `unreachable`: it could
 * not be asked just now (offline, a timeout, a 5xx): the outbox asks again later and changes nothing.
 */
export type LookupOutcome =
  | { kind: 'delivered'; receipt: Receipt }
  | { kind: 'not_received' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'unreachable'; message: string };

export interface Connector {
  readonly kind: 'sandbox' | 'folder' | 'sf1601';
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Whether a message with this UUID was received; `unavailable` where the connector cannot tell. */
  lookup(messageUUID: string): Promise<LookupOutcome>;
  health(): Promise<{ ok: boolean; message: string }>;
  /**
   * Whether a CPR/CVR number can receive Digital Post, where the connector can ask (SF1601's PostForespoerg); null
   * when it could not be asked. Absent on connectors that cannot.
   */
  digitalPostStatus?(idType: 'CPR' | 'CVR', id: string): Promise<boolean | null>;
  close(): Promise<void>;
}
