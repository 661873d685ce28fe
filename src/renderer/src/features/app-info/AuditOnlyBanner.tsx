import { useMessages } from '../../i18n';
import { useDocumentTypes } from '../../use-document-types';

/**
 * Audit-only mode (domain.md) relaxes the content findings to `info` for a roll-out: every screen says so, so nobody
 * mistakes a letter that went out with a case-number finding for one the check passed.
 */
export function AuditOnlyBanner() {
  const t = useMessages().auditOnly;
  const { auditOnly } = useDocumentTypes();
  if (!auditOnly) return null;
  return (
    <section
      className="audit-only-banner"
      aria-labelledby="audit-only-heading"
      data-testid="audit-only-banner"
    >
      <h2 id="audit-only-heading" className="audit-only-banner__heading">
        {t.heading}
      </h2>
      <p className="audit-only-banner__text">{t.text}</p>
    </section>
  );
}
