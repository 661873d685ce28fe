import type { OutputOf } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import { useMessages } from '../../i18n';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { imageMarks, type PageMark } from './page-marks';
import { MarkedPage } from './MarkedPage';

interface Props {
  draftId: string;
  fileName: string;
  pages: number;
  password?: string;
  page: number;
  onPage: (page: number) => void;
  /** Findings' evidence by page: what to look for on the page in view. */
  marks: ReadonlyMap<number, readonly PageMark[]>;
  /** The evidence of the finding whose page the caseworker asked for: marked strongest (the others more lightly). */
  focus: readonly string[];
  pagesWithoutText: readonly number[];
}

/** A preview with the page it was asked for (`draftId:page`). */
type Shown = OutputOf<'previewPage'> & { shown: string };

/** Wide enough for a sharp A4 page in the preview column; the backend renders, the window runs no pdf.js. */
const PREVIEW_WIDTH_PX = 900;

/**
 * The document page by page, rendered by the backend's PDF worker. The findings' evidence is listed with the page
 * it stands on, and the pages that carry findings are named, so the caseworker sees the text the check objected to.
 */
export function DocumentPreview(props: Props) {
  const { draftId, fileName, pages, password, page, onPage, marks, focus, pagesWithoutText } = props;
  const t = useMessages().send.preview;
  const here = marks.get(page) ?? [];
  const onImage = imageMarks(here);
  const highlight = onImage.map((m) => m.text);
  // The page's image is asked for again when the evidence on it changes (a new check); `shown` tells which page an
  // answer is for, so the image in view stays while its marks are found again.
  const shown = `${draftId}:${page}`;
  const { state, retry } = useApiResult(
    (api) =>
      api
        .previewPage({
          draftId,
          page,
          widthPx: PREVIEW_WIDTH_PX,
          ...(password ? { password } : {}),
          ...(highlight.length > 0 ? { highlight } : {}),
        })
        .then((r): Result<Shown> => (r.ok ? { ok: true, value: { ...r.value, shown } } : r)),
    `${shown}:${JSON.stringify(highlight)}`,
  );
  const marked = [...marks.keys()].sort((a, b) => a - b);
  const value = state.value?.shown === shown && state.status !== 'failed' ? state.value : undefined;

  return (
    <section className="preview" aria-labelledby="preview-heading">
      <h3 id="preview-heading" className="step-heading">
        {t.heading}
      </h3>
      <div className="preview__nav">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => onPage(page - 1)}
          disabled={page <= 1}
        >
          {t.previous}
        </button>
        <p className="preview__position" aria-live="polite">
          {t.position(page, pages)}
        </p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => onPage(page + 1)}
          disabled={page >= pages}
        >
          {t.next}
        </button>
      </div>
      {marked.length > 0 ? (
        <div className="preview__marked">
          <span>{t.pagesWithFindings}</span>
          <ul className="inline-list">
            {marked.map((p) => (
              <li key={p}>
                <button
                  type="button"
                  className="link-button"
                  aria-current={p === page ? 'page' : undefined}
                  onClick={() => onPage(p)}
                >
                  {t.pageLink(p)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {here.length > 0 ? (
        <div className="preview__marks" data-testid="preview-marks">
          <p className="preview__marks-heading">{t.marksHeading(page)}</p>
          <ul>
            {here.map((m, i) => (
              <li key={i} className={`preview__mark preview__mark--${m.severity}`}>
                <span className="visually-hidden">{t.severity[m.severity]}: </span>
                <mark>{m.text}</mark>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {pagesWithoutText.includes(page) ? <p className="preview__note">{t.noText}</p> : null}

      <div className="preview__page">
        {state.status === 'loading' && !value ? <LoadingText text={t.loading(page)} /> : null}
        {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}
        {value && value.rendered ? (
          <MarkedPage highlights={value.highlights} marks={onImage} focus={focus}>
            <img
              className="preview__image"
              src={`data:image/png;base64,${value.pngBase64}`}
              width={value.width}
              height={value.height}
              alt={t.alt(page, pages, fileName)}
            />
          </MarkedPage>
        ) : null}
        {value && !value.rendered ? <p className="preview__note">{value.message}</p> : null}
      </div>
    </section>
  );
}
