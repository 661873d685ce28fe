import { danishDate } from '../recipients/dates';
import { evidence } from './evidence';
import type { CaseView, CheckInput, RawFinding } from './types';

/** RECIPIENT_NOT_ELIGIBLE: a chosen recipient who is no party of the case, or whom the proposal finds not eligible. */
export function eligibilityFindings(view: CaseView, recipientIds: readonly string[]): RawFinding[] {
  const out: RawFinding[] = [];
  for (const id of recipientIds) {
    const party = view.byId.get(id);
    if (!party) {
      out.push({
        code: 'RECIPIENT_NOT_ELIGIBLE',
        message:
          'Modtageren er ikke part på sagen. Der kan kun sendes til sagens parter; vælg modtageren blandt dem.',
        partyId: id,
        evidence: [evidence(id, null, 'recipients')],
      });
      continue;
    }
    // No proposal for a party means nobody found it eligible: refuse rather than assume.
    if (view.proposals.find((p) => p.partyId === id)?.eligible === true) continue;
    out.push({
      code: 'RECIPIENT_NOT_ELIGIBLE',
      message:
        'Modtageren må ikke modtage denne dokumenttype efter kommunens regler (se begrundelsen ved parten). Fjern modtageren, eller vælg den rigtige dokumenttype.',
      partyId: id,
      evidence: [evidence(party.name, null, 'recipients')],
    });
  }
  return out;
}

/** REPRESENTATION_EXPIRED: a representative on the case whose end date has passed. */
export function representationFindings(view: CaseView): RawFinding[] {
  return view.case.parties
    .filter(
      (p) => p.roles.includes('representative') && p.validUntil !== undefined && p.validUntil < view.today,
    )
    .map((p) => ({
      code: 'REPRESENTATION_EXPIRED' as const,
      message: `Partsrepræsentationen udløb ${danishDate(p.validUntil!)}. Repræsentanten modtager ikke længere post i sagen; forny eller fjern repræsentationen i sagen.`,
      partyId: p.id,
      evidence: [evidence(`${p.name}: gyldig til ${danishDate(p.validUntil!)}`, null, 'case')],
    }));
}

/** NO_TEXT_LAYER: pages whose content the checks cannot read (scanned). */
export function textLayerFindings(analysis: CheckInput['analysis']): RawFinding[] {
  const pages = [...new Set(analysis.pagesWithoutText)].filter((p) => p >= 1).sort((a, b) => a - b);
  if (pages.length === 0 && analysis.outcome !== 'no_text') return [];
  const list = pages.length > 0 ? pages.join(', ') : 'alle';
  return [
    {
      code: 'NO_TEXT_LAYER',
      message: `Side ${list} har ingen tekst, der kan kontrolleres (fx en scanning). Læs siderne igennem selv; en kollega skal godkende, før dokumentet sendes.`,
      partyId: null,
      evidence:
        pages.length > 0
          ? pages.slice(0, 50).map((p) => evidence('Siden har ingen tekst', p, 'page'))
          : [evidence('Dokumentet har ingen tekst', null, 'page')],
    },
  ];
}

/** UNCHECKED_CONTENT: embedded files, XFA forms, scripts, or a document the checks could not open at all. */
export function uncheckedContentFindings(analysis: CheckInput['analysis']): RawFinding[] {
  const parts: string[] = [];
  if (analysis.attachments > 0) parts.push(`${analysis.attachments} vedhæftede fil(er) i PDF'en`);
  if (analysis.hasXfa === true) parts.push('en XFA-formular');
  if (analysis.hasJavaScript === true) parts.push('JavaScript, der kan ændre det viste indhold');
  if (analysis.outcome !== 'ok' && analysis.outcome !== 'no_text')
    parts.push(`indhold, der ikke kunne læses (${analysis.outcome})`);
  if (parts.length === 0) return [];
  return [
    {
      code: 'UNCHECKED_CONTENT',
      message: `Dokumentet indeholder ${parts.join(', ')}, som kontrollen ikke har kunnet gennemgå. Gennemgå indholdet selv, eller fjern det; en kollega skal godkende, før dokumentet sendes.`,
      partyId: null,
      evidence: parts.map((p) => evidence(p, null, 'page')),
    },
  ];
}

/** TYPE_UNCERTAIN: the document type was not recognised with confidence. */
export function typeFindings(documentType: CheckInput['documentType']): RawFinding[] {
  if (!documentType.uncertain) return [];
  return [
    {
      code: 'TYPE_UNCERTAIN',
      message:
        'Dokumenttypen kunne ikke bestemmes sikkert, og den afgør, hvem der må modtage dokumentet. Kontrollér typen, og vælg den rigtige.',
      partyId: null,
      evidence: [evidence(`Foreslået type: ${documentType.label ?? documentType.key}`, null, 'case')],
    },
  ];
}

const DAY_MS = 86_400_000;

/** CASE_DATA_STALE: the case data is older than the policy's limit. */
export function staleFindings(view: CaseView, staleDataDays: number): RawFinding[] {
  const age = (Date.parse(`${view.today}T00:00:00Z`) - Date.parse(`${view.case.asOf}T00:00:00Z`)) / DAY_MS;
  if (!(age > staleDataDays)) return [];
  return [
    {
      code: 'CASE_DATA_STALE',
      message: `Sagens oplysninger er fra ${danishDate(view.case.asOf)} og dermed ældre end ${staleDataDays} dage. Forældremyndighed, repræsentation og adresser kan have ændret sig; hent sagen på ny, før du sender.`,
      partyId: null,
      evidence: [evidence(`Sagsdata pr. ${danishDate(view.case.asOf)}`, null, 'case')],
    },
  ];
}
