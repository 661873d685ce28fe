import { useMessages } from '../../i18n';
import { hrefFor, type Section } from '../../routing';
import { useSession } from '../auth/session-context';
import { usePendingApprovals } from '../approvals/pending-count';

/**
 * The screens a caseworker moves between, each one link with `aria-current` on the section in view. A supervisor
 * also has "Godkendelser", with the number of requests waiting; an admin "Brugere".
 */
export function MainNav({ section }: { section: Section }) {
  const t = useMessages();
  const role = useSession().user?.role;
  const supervisor = role === 'supervisor';
  const pending = usePendingApprovals(supervisor);
  const items: { section: Section; href: string; label: string }[] = [
    { section: 'send', href: hrefFor({ name: 'send', draftId: null }), label: t.nav.send },
    { section: 'drafts', href: hrefFor({ name: 'drafts' }), label: t.nav.drafts },
    { section: 'outbox', href: hrefFor({ name: 'outbox' }), label: t.nav.outbox },
    ...(supervisor
      ? [
          {
            section: 'approvals' as const,
            href: hrefFor({ name: 'approvals' }),
            label: t.approvals.navWithCount(pending ?? 0),
          },
        ]
      : []),
    { section: 'history', href: hrefFor({ name: 'history' }), label: t.nav.history },
    { section: 'cases', href: hrefFor({ name: 'cases' }), label: t.nav.cases },
    { section: 'settings', href: hrefFor({ name: 'settings' }), label: t.nav.settings },
    ...(role === 'admin'
      ? [{ section: 'users' as const, href: hrefFor({ name: 'users' }), label: t.users.nav }]
      : []),
  ];
  return (
    <nav className="main-nav" aria-label={t.nav.label}>
      <ul className="main-nav__list">
        {items.map((item) => (
          <li key={item.section}>
            <a
              className="main-nav__link"
              href={item.href}
              aria-current={item.section === section ? 'page' : undefined}
            >
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
