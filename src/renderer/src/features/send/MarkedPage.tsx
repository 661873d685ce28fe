import type { ReactNode } from 'react';
import type { Severity } from '../../../../shared/domain/findings';
import { useMessages } from '../../i18n';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Props {
  /** The backend's answer: each text asked for, with where it stands on the image (fractions of its size). */
  highlights: ReadonlyArray<{ text: string; rects: readonly Rect[] }>;
  /** The evidence on this page's text, each once with its worst severity. */
  marks: ReadonlyArray<{ text: string; severity: Severity }>;
  /** The evidence of the finding the caseworker asked to see: marked strongest, the others more lightly. */
  focus: readonly string[];
  /** The page's image. */
  children: ReactNode;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(3)}%`;

/**
 * The page image with the findings' evidence marked on it: outlined boxes laid over the image in fractions of its
 * size, so they scale with it. The boxes are decoration for sighted readers (aria-hidden); the sentences below the
 * image say the same in words, and say so when a text could not be found on the image.
 */
export function MarkedPage({ highlights, marks, focus, children }: Props) {
  const t = useMessages().send.preview;
  const severityOf = new Map(marks.map((m) => [m.text, m.severity]));
  const shown = highlights.filter((h) => severityOf.has(h.text));
  const focused = (text: string) => focus.includes(text);
  const found = shown.filter((h) => h.rects.length > 0);
  const missing = shown.filter((h) => h.rects.length === 0);
  // The finding asked about first, then the rest in the check's order.
  const inWords = [...found.filter((h) => focused(h.text)), ...found.filter((h) => !focused(h.text))];

  return (
    <>
      <div className="preview__sheet">
        {children}
        {found.length > 0 ? (
          <div className="preview__hits" aria-hidden="true">
            {found.flatMap((h) =>
              h.rects.map((r, i) => (
                <span
                  key={`${h.text}:${i}`}
                  data-testid="preview-hit"
                  data-text={h.text}
                  className={[
                    'preview__hit',
                    `preview__hit--${severityOf.get(h.text) ?? 'warn'}`,
                    focus.length === 0 ? '' : focused(h.text) ? 'preview__hit--focus' : 'preview__hit--quiet',
                  ].join(' ')}
                  style={{
                    left: percent(r.x),
                    top: percent(r.y),
                    width: percent(r.width),
                    height: percent(r.height),
                  }}
                />
              )),
            )}
          </div>
        ) : null}
      </div>
      {shown.length > 0 ? (
        <div className="preview__located" data-testid="preview-located">
          {inWords.length > 0 ? <p>{t.markedOnPage(inWords.map((h) => h.text))}</p> : null}
          {missing.map((h) => (
            <p key={h.text} className="preview__not-found">
              {t.notFoundOnImage(h.text)}
            </p>
          ))}
        </div>
      ) : null}
    </>
  );
}
