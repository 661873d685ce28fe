import { OUTBOX_STATE_LABELS, type OutboxItemView } from '../../shared/domain/outbox';
import type { Db } from '../db/sqlite';
import type { CasesService } from './cases.service';
import type { OutboxItem } from './outbox.service';

/** An outbox row as the window lists it: with the draft's file, case and type, and the recipient's name. */
export function createOutboxViews(db: Db, cases: CasesService) {
  const draft = db.prepare('SELECT file_name, case_number, document_type FROM drafts WHERE id = ?');
  return (item: OutboxItem): OutboxItemView => {
    const d = draft.get(item.draftId) as
      { file_name: string; case_number: string | null; document_type: string | null } | undefined;
    let name: string | null = null;
    if (d?.case_number) {
      try {
        name = cases.get(d.case_number).parties.find((p) => p.id === item.recipientPartyId)?.name ?? null;
      } catch {
        name = null; // the case is gone from the store: the send stays listed without the name
      }
    }
    return {
      id: item.id,
      draftId: item.draftId,
      caseNumber: d?.case_number ?? null,
      fileName: d?.file_name ?? '',
      documentType: d?.document_type ?? null,
      recipient: { partyId: item.recipientPartyId, name },
      channel: item.channel,
      entry: item.entry,
      stateLabel: OUTBOX_STATE_LABELS[item.entry.state],
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    };
  };
}
