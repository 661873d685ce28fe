import { openStoreBackend } from './store-backend';
import type { KeyStore } from '../backend/ports';
import type { OutboxItemView } from '../shared/domain/outbox';
import { InputError } from './analyze';

/**
 * `sendeassistent outbox list|cancel|retry|resolve` (docs/outbox.md): the outbox through the same channels as the
 * window. `list --unresolved` shows the sends that wait for a person; `resolve <id> delivered|resend --reason …`
 * settles one whose status is unknown, recorded with the OS user and the reason.
 */
export async function outboxCommand(
  words: string[],
  args: { unresolved: boolean; reason?: string },
  host: {
    version: string;
    resourcesDir: string;
    keyStore?: KeyStore;
    nativeBinding?: string;
    passphrase?: string;
    dataDir: string;
    json: boolean;
    stdout: (s: string) => void;
  },
): Promise<number> {
  const [verb, id, resolution] = words;
  const usage =
    'brug: sendeassistent outbox list [--unresolved] | cancel <id> --reason <tekst> | retry <id> --reason <tekst> | resolve <id> delivered|resend --reason <tekst>';
  if (verb === 'list') {
    if (words.length !== 1) throw new InputError(usage);
  } else if (verb === 'cancel' || verb === 'retry') {
    if (words.length !== 2 || !id) throw new InputError(usage);
  } else if (verb === 'resolve') {
    if (words.length !== 3 || !id || (resolution !== 'delivered' && resolution !== 'resend')) {
      throw new InputError(usage);
    }
  } else throw new InputError(usage);
  if (verb !== 'list' && (args.reason === undefined || args.reason.trim().length < 3)) {
    throw new InputError(
      'angiv en begrundelse med --reason "<tekst>" (mindst 3 tegn); den gemmes i historikken',
    );
  }
  const backend = openStoreBackend(host, false);
  try {
    if (verb === 'list') {
      const res = await backend.dispatcher.json('outbox:list', args.unresolved ? { only: 'unresolved' } : {});
      if (!res.ok) throw new InputError(res.error.message);
      const items = (res.value as { items: OutboxItemView[] }).items;
      host.stdout(
        host.json
          ? `${JSON.stringify({ items })}\n`
          : items.length === 0
            ? 'Ingen forsendelser.\n'
            : items
                .map(
                  (i) =>
                    `${i.id}  ${i.stateLabel}${i.entry.needsAttention ? ' (kræver en medarbejder)' : ''}  ${i.caseNumber ?? '-'}  ${i.recipient.partyId}  ${i.entry.messageUUID}${i.entry.lastError ? `\n    ${i.entry.lastError.message}` : ''}\n`,
                )
                .join(''),
      );
      return 0;
    }
    const channel =
      verb === 'cancel' ? 'outbox:cancel' : verb === 'retry' ? 'outbox:retry' : 'outbox:resolve';
    const input =
      verb === 'resolve'
        ? { outboxId: id!, resolution: resolution!, reason: args.reason! }
        : { outboxId: id!, reason: args.reason! };
    const res = await backend.dispatcher.json(channel, input);
    if (!res.ok) throw new InputError(res.error.message);
    const out = res.value as { changed: boolean; refusal: string | null; item: OutboxItemView };
    if (host.json) host.stdout(`${JSON.stringify(out)}\n`);
    else host.stdout(out.changed ? `${out.item.stateLabel}.\n` : `Ikke ændret: ${out.refusal}\n`);
    return out.changed ? 0 : 1;
  } finally {
    backend.close();
  }
}
