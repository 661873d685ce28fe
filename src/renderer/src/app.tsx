import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { AppHeader } from './features/app-info/AppHeader';
import { AuditOnlyBanner } from './features/app-info/AuditOnlyBanner';
import { ApprovalReviewPage } from './features/approvals/ApprovalReviewPage';
import { ApprovalsPage } from './features/approvals/ApprovalsPage';
import { CaseDetailPage } from './features/cases/CaseDetailPage';
import { CaseListPage } from './features/cases/CaseListPage';
import { DraftsPage } from './features/drafts/DraftsPage';
import { HistoryPage } from './features/history/HistoryPage';
import { OutboxProvider } from './features/outbox/outbox-context';
import { OutboxPage } from './features/outbox/OutboxPage';
import { SendPage } from './features/send/SendPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { UsersPage } from './features/users/UsersPage';
import { useMessages } from './i18n';
import { sectionOf, useRoute, type Route } from './routing';

/** A resumed draft is the send screen too: opening one is not a navigation that moves focus twice. */
const routeKey = (route: Route) =>
  route.name === 'case'
    ? `case:${route.caseNumber}`
    : route.name === 'approval'
      ? `approval:${route.requestId}`
      : route.name;

export function App() {
  const t = useMessages();
  const route = useRoute();
  const [caseQuery, setCaseQuery] = useState('');
  const mainRef = useRef<HTMLElement>(null);

  // Focus moves to a screen's heading only after the first navigation; on start-up it stays where the browser put it.
  const key = routeKey(route);
  const firstKey = useRef(key);
  const [navigated, setNavigated] = useState(false);
  useEffect(() => {
    if (key !== firstKey.current) setNavigated(true);
  }, [key]);

  // The skip link must not change the hash: the hash is the route.
  const skipToMain = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    mainRef.current?.focus();
  };

  const onSend = route.name === 'send';
  return (
    <OutboxProvider>
      <a className="skip-link" href="#indhold" onClick={skipToMain}>
        {t.app.skipToContent}
      </a>
      <AppHeader section={sectionOf(route)} />
      <AuditOnlyBanner />
      <main id="indhold" className="app-main" ref={mainRef} tabIndex={-1}>
        {/* The send screen stays mounted while the caseworker looks elsewhere: a letter half-way through, or a
            countdown, must not be lost by a look at the case list or the outbox. */}
        <SendPage
          active={onSend}
          takeFocus={navigated && onSend}
          resumeDraftId={route.name === 'send' ? route.draftId : null}
        />
        {route.name === 'case' ? (
          <CaseDetailPage key={key} caseNumber={route.caseNumber} takeFocus={navigated} />
        ) : route.name === 'cases' ? (
          <CaseListPage query={caseQuery} onQueryChange={setCaseQuery} takeFocus={navigated} />
        ) : route.name === 'drafts' ? (
          <DraftsPage takeFocus={navigated} />
        ) : route.name === 'outbox' ? (
          <OutboxPage takeFocus={navigated} />
        ) : route.name === 'history' ? (
          <HistoryPage takeFocus={navigated} />
        ) : route.name === 'settings' ? (
          <SettingsPage takeFocus={navigated} />
        ) : route.name === 'approvals' ? (
          <ApprovalsPage takeFocus={navigated} />
        ) : route.name === 'approval' ? (
          <ApprovalReviewPage key={key} requestId={route.requestId} takeFocus={navigated} />
        ) : route.name === 'users' ? (
          <UsersPage takeFocus={navigated} />
        ) : null}
      </main>
    </OutboxProvider>
  );
}
