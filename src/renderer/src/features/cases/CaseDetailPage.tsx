import { useMessages } from '../../i18n';
import { hrefFor } from '../../routing';
import { useApiResult } from '../../use-api-result';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadingText } from '../../ui/LoadingText';
import { PageHeading } from '../../ui/PageHeading';
import { formatDate } from './format';
import { PartyTable } from './PartyTable';
import './cases.css';

interface Props {
  caseNumber: string;
  takeFocus: boolean;
}

export function CaseDetailPage({ caseNumber, takeFocus }: Props) {
  const t = useMessages();
  const { state, retry } = useApiResult((api) => api.getCase({ caseNumber }), caseNumber);
  const caseFile = state.status === 'ready' ? state.value.case : undefined;

  return (
    <section className="page" aria-labelledby="case-heading">
      <p className="back">
        <a href={hrefFor({ name: 'cases' })} className="back__link">
          {t.caseDetail.backToList}
        </a>
      </p>

      <PageHeading
        id="case-heading"
        title={t.app.pageTitle(t.caseDetail.pageTitle(caseNumber))}
        takeFocus={takeFocus}
      >
        {caseFile ? caseFile.title : t.caseDetail.pageTitle(caseNumber)}
      </PageHeading>

      {state.status === 'loading' ? <LoadingText text={t.caseDetail.loadingCase} /> : null}
      {state.status === 'failed' ? <ErrorAlert error={state.error} onRetry={retry} /> : null}

      {caseFile ? (
        <>
          <dl className="facts">
            <div className="facts__item">
              <dt>{t.caseDetail.caseNumber}</dt>
              <dd className="case-number">{caseFile.caseNumber}</dd>
            </div>
            <div className="facts__item">
              <dt>{t.caseDetail.area}</dt>
              <dd>{t.areas[caseFile.area]}</dd>
            </div>
            <div className="facts__item">
              <dt>{t.caseDetail.asOf}</dt>
              <dd>{formatDate(caseFile.asOf)}</dd>
            </div>
            {caseFile.relatedCaseNumbers.length > 0 ? (
              <div className="facts__item">
                <dt>{t.caseDetail.relatedCases}</dt>
                <dd>
                  <ul className="inline-list">
                    {caseFile.relatedCaseNumbers.map((n) => (
                      <li key={n}>
                        <a href={hrefFor({ name: 'case', caseNumber: n })}>{n}</a>
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            ) : null}
          </dl>

          <h3 id="parties-heading" className="section-heading">
            {t.caseDetail.partiesHeading(caseFile.parties.length)}
          </h3>
          <PartyTable caseFile={caseFile} />
        </>
      ) : null}
    </section>
  );
}
