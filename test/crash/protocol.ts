import { join } from 'node:path';

/**
 * What the crash suite's driver (driver.ts) and its child processes (sender.ts) agree on: the kill points, the
 * child's configuration (one JSON line on its stdin: a child is spawned ahead, loads its modules, and waits for it)
 * and the reports the child writes, one JSON line each, synchronously to fd 3 (so a report is on its way before the
 * child blocks or is killed).
 * docs/testing.md, "The outbox crash suite".
 */

export const KILL_POINTS = [
  /** Right after the transaction that accepted the send (queued, due now) commits; before any tick claims it. */
  'after_accept',
  /** Right after the claim (`sending`, requestStarted false) commits; before the request_started commit. */
  'after_sending_commit',
  /** The sandbox has stored the message and logged the attempt, and never answers (fault store_then_hang). */
  'sandbox_stored_before_answer',
  /** The connector has the sandbox's answer in hand; the `sent` commit has not happened. */
  'after_answer_before_sent_commit',
  /** Accepted with a delay of an hour: the send waits in its delay window. */
  'in_delay_window',
] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/** Kills made after the request was written: only these may end `unknown` when look-up is off. */
export const AFTER_REQUEST: ReadonlySet<KillPoint> = new Set<KillPoint>([
  'sandbox_stored_before_answer',
  'after_answer_before_sent_commit',
]);

/** The delay of the `in_delay_window` sends: the machine's maximum, so no run (even a long one) outlasts it. */
export const DELAY_WINDOW_SECONDS = 3600;
/** The final process's clock runs this far ahead, past every delay window. */
export const CLOCK_SHIFT_MS = (DELAY_WINDOW_SECONDS + 60) * 1000;

/** A correct demo letter that needs no approval (resources/demo/letters/manifest.json). */
export const LETTER_FILE = '05-oliver-indkaldelse.pdf';
export const CASE_NUMBER = '27.24.06-G01-088-26';
export const RECIPIENT = 'p1';

export const REPO_ROOT = join(__dirname, '..', '..');
export const RESOURCES_DIR = join(REPO_ROOT, 'resources');
export const SENDER_SCRIPT = join(__dirname, 'sender.ts');
export const SANDBOX_MAIN = join(REPO_ROOT, 'src', 'backend', 'connectors', 'sandbox', 'sandbox-main.ts');

export interface StoreConfig {
  /** The store's data folder (sendeassistent.db and its key file). */
  dataDir: string;
  /**
   * The secret of the FakeKeyStore that wraps the store's key (hex, 32 bytes), made by the driver per round and
   * handed to every child, so each process opens the same store in ~1 ms. (A passphrase wrap costs each process
   * ~0.4 s of scrypt: a third of a sender's life, and ~3.5 CPU-minutes over the CI suite's ~520 processes.)
   */
  keySecret: string;
  /** A machine-settings path that does not exist, so the host's own settings never apply. */
  machineSettingsPath: string;
}

export type SenderConfig = StoreConfig &
  (
    | {
        /** Create the store, set sender and case system, and analyse the letter `drafts` times. */
        mode: 'setup';
        drafts: number;
        /** Where the draft ids are written (a JSON array). */
        outFile: string;
      }
    | {
        /** Restart: recover until nothing changes, then submit one draft and go to the kill point. */
        mode: 'run';
        sandboxUrl: string;
        point: KillPoint;
        draftId: string;
        /** An outbox row to report after recovery (the previous run's send in its delay window). */
        watch: string | null;
      }
    | {
        /** Restart and recover until nothing changes; then exit. */
        mode: 'recover';
        sandboxUrl: string;
      }
    | {
        /** Cancel `cancelIds` through outbox:cancel, then recover with a clock `clockOffsetMs` ahead. */
        mode: 'final';
        sandboxUrl: string;
        cancelIds: string[];
        clockOffsetMs: number;
      }
    | {
        /** Write every outbox row and the history's verification to `outFile`. */
        mode: 'inspect';
        outFile: string;
      }
  );

/** One row as `inspect` writes it. */
export interface InspectedRow {
  id: string;
  draftId: string;
  messageUUID: string;
  state: string;
  sendAfter: string | null;
  needsAttention: boolean;
}

export interface InspectResult {
  rows: InspectedRow[];
  audit: { intact: boolean; rowsChecked: number; firstBrokenSeq: number | null; reason: string | null };
}

export type SenderReport =
  /** Recovery found nothing more to do. `ms`: from the configuration's arrival (the restart) to here. */
  | {
      type: 'recovered';
      ms: number;
      /** From the configuration's arrival to the store being open. */
      openMs: number;
      cycles: number;
      watched: { id: string; state: string; sendAfter: string | null } | null;
    }
  /** The accept committed (reported from the outbox:changed event that follows the commit). */
  | {
      type: 'accepted';
      ms: number;
      outboxId: string;
      messageUUID: string;
      state: string;
      sendAfter: string | null;
    }
  /** The kill point is reached; the process now blocks (or, in the delay window, idles) until it is killed. */
  | { type: 'reached'; point: KillPoint; state: string; detail: string }
  /** `setup`, `recover`, `final` and `inspect` end with this. */
  | { type: 'done'; ms: number; cancelled?: number }
  | { type: 'error'; message: string };

export const REPORT_FD = 3;
