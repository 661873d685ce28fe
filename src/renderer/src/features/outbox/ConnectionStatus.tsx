import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useMessages } from '../../i18n';
import { connectionOf } from './connection';
import { useOutbox } from './outbox-context';

/**
 * The header's offline indicator: "klar" or "Ingen forbindelse – forsendelser venter", in words as well as colour.
 * The reason is the button's accessible description and shows beside it on hover and keyboard focus (and stays
 * after a click); Escape hides it again (WCAG 1.4.13). A change of status is read out politely.
 */
export function ConnectionStatus() {
  const t = useMessages().outbox.connection;
  const { connector, items, error } = useOutbox();
  const status = connectionOf(connector, items, error);
  const [hover, setHover] = useState(false);
  const [focus, setFocus] = useState(false);
  const [pinned, setPinned] = useState(false);
  const [dismissed, setDismissed] = useState(false);

  const label =
    status.tone === 'ready'
      ? t.ready
      : status.tone === 'offline'
        ? t.offline
        : status.tone === 'unknown'
          ? t.unknown
          : t.loading;
  // Only a change is read out, not the status found at start-up.
  const [announce, setAnnounce] = useState('');
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (status.tone === 'loading') return;
    if (previous.current !== null && previous.current !== label) setAnnounce(label);
    previous.current = label;
  }, [label, status.tone]);

  const shown = (hover || focus || pinned) && !dismissed && status.tone !== 'loading';

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && shown) {
      e.stopPropagation();
      setDismissed(true);
      setPinned(false);
    }
  };
  const show = (set: (v: boolean) => void) => () => {
    setDismissed(false);
    set(true);
  };

  return (
    <div
      className={`connection connection--${status.tone}`}
      data-testid="connection-status"
      data-tone={status.tone}
      onMouseEnter={show(setHover)}
      onMouseLeave={() => setHover(false)}
      onKeyDown={onKeyDown}
    >
      <button
        type="button"
        className="connection__button"
        aria-describedby={status.tone === 'loading' ? undefined : 'connection-details'}
        onFocus={show(setFocus)}
        onBlur={() => {
          setFocus(false);
          setPinned(false);
        }}
        onClick={() => {
          setDismissed(false);
          setPinned((p) => !p);
        }}
      >
        <span className="connection__dot" aria-hidden="true" />
        {label}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {announce}
      </span>
      {status.tone !== 'loading' ? (
        <div id="connection-details" role="tooltip" className="connection__details" hidden={!shown}>
          <p className="connection__reason">{status.reason}</p>
          {status.tone !== 'unknown' ? (
            <p className="connection__kind">{t.via(t.kind[status.kind])}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
