import type { AnalysisSummary } from '../../../../shared/contract/analysis-contract';

type Search = NonNullable<NonNullable<AnalysisSummary['proposal']>['search']>;

const ap = (v: number | null | undefined): string => (typeof v === 'number' ? v.toFixed(3) : '—');
const gain = (v: number | null | undefined): string =>
  typeof v === 'number' ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}` : '—';

/**
 * The analysis' own hybrid proposal: each proposed tensor with the AP gain measured when only it stays float, the AP
 * the whole set reaches, the search that found it (candidates tried, AP each, why it stopped) and one click to apply
 * it as a child run.
 */
export function ProposalPanel(props: {
  summary: AnalysisSummary;
  busy: boolean;
  onApply(keepFloat: string[]): void;
  onSelect(tensor: string): void;
}): React.JSX.Element {
  const { proposal, ap: triple } = props.summary;
  if (!proposal)
    return (
      <section className="proposal-panel" aria-label="Proposal">
        <p className="muted small">
          No hybrid proposal: the analyse stage proposes keep-float layers when it has a validation dataset (
          <code>data:</code>) to measure AP with.
        </p>
      </section>
    );
  const byTensor = new Map(proposal.sensitivity.map((s) => [s.tensor, s]));
  const int16 = new Set(proposal.keepInt16 ?? []);
  // A tensor chosen as part of a group (the decode region, the DFL …) has the gain its group measured.
  const groupOf = (t: string) => proposal.search?.candidates.find((c) => c.tensors.length > 1 && c.tensors.includes(t));
  const tried = proposal.sensitivity.filter((s) => s.apIfFloat !== null);
  const user = new Set(props.summary.keepFloat);
  const proposed = proposal.keepFloat.filter((t) => !user.has(t));
  const reason = proposal.withinBudget
    ? `stopped once AP was within the ${proposal.apBudget} budget of float`
    : `stopped without reaching the ${proposal.apBudget} budget ` +
      '(no candidate raised AP further, or the float-layer cap was hit)';
  return (
    <section className="proposal-panel" aria-label="Proposal">
      <header>
        <h2>
          Proposal: {proposed.length} layer{proposed.length === 1 ? '' : 's'} {proposal.precision}
          {triple && (
            <>
              {' '}
              → AP <strong>{ap(triple.hybrid)}</strong>{' '}
              <span className="muted">
                (float {ap(triple.float)}, quant {ap(triple.quant)})
              </span>
            </>
          )}
        </h2>
        <button
          type="button"
          className="primary"
          disabled={props.busy || proposal.keepFloat.length === 0}
          onClick={() => props.onApply(proposal.keepFloat)}
        >
          {props.busy ? 'Starting…' : 'Apply as child run'}
        </button>
      </header>
      <table className="details-table" aria-label="Proposed layers">
        <thead>
          <tr>
            <th>Tensor</th>
            <th>Op</th>
            <th className="num">AP if only it is float</th>
            <th className="num">Gain</th>
          </tr>
        </thead>
        <tbody>
          {proposal.keepFloat.map((t) => {
            const s = byTensor.get(t);
            return (
              <tr key={t}>
                <td className="mono">
                  <button type="button" className="link" title={`Select ${t}`} onClick={() => props.onSelect(t)}>
                    {t}
                  </button>
                  {user.has(t) && <span className="chip">yours</span>}
                  {int16.has(t) && <span className="chip">int16</span>}
                </td>
                <td>{s?.opType ?? groupOf(t)?.kind ?? ''}</td>
                <td className="num">{ap(s?.apIfFloat ?? groupOf(t)?.ap)}</td>
                <td className="num">{gain(s?.apGain ?? groupOf(t)?.apGain)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {proposal.search ? (
        <SearchReport search={proposal.search} />
      ) : (
        <details className="search-report">
          <summary>
            Search: {tried.length} candidates tried, {proposal.evaluations} AP evaluations, {reason}
          </summary>
          <table className="details-table" aria-label="Candidates tried">
            <thead>
              <tr>
                <th>Tensor</th>
                <th className="num">Rank</th>
                <th className="num">cos single</th>
                <th className="num">AP if float</th>
                <th className="num">Gain</th>
              </tr>
            </thead>
            <tbody>
              {tried.map((s) => (
                <tr key={s.tensor}>
                  <td className="mono">{s.tensor}</td>
                  <td className="num">{s.singleRank}</td>
                  <td className="num">{s.cosSingle === null ? '—' : s.cosSingle.toFixed(5)}</td>
                  <td className="num">{ap(s.apIfFloat)}</td>
                  <td className="num">{gain(s.apGain)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}

/** The search that found the proposal: every candidate with its AP, the greedy steps, and why it stopped. */
function SearchReport(props: { search: Search }): React.JSX.Element {
  const { search } = props;
  return (
    <details className="search-report">
      <summary>
        Search: {search.candidates.length} candidates tried, {search.steps.length} steps; {search.stopReason}
      </summary>
      <table className="details-table" aria-label="Candidates tried">
        <thead>
          <tr>
            <th>Candidate</th>
            <th>Kind</th>
            <th className="num">Tensors</th>
            <th className="num">Round</th>
            <th className="num">AP</th>
            <th className="num">Gain</th>
          </tr>
        </thead>
        <tbody>
          {search.candidates.map((c, i) => (
            <tr key={i}>
              <td className="mono" title={c.tensors.join('\n')}>
                {c.label}
              </td>
              <td>{c.kind}</td>
              <td className="num">{c.tensors.length}</td>
              <td className="num">{c.round}</td>
              <td className="num">{ap(c.ap)}</td>
              <td className="num">{gain(c.apGain)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ol className="small" aria-label="Search steps">
        {search.steps.map((s, i) => (
          <li key={i}>
            {s.label}: {s.tensors} tensor{s.tensors === 1 ? '' : 's'} → AP {ap(s.ap)}
          </li>
        ))}
      </ol>
      {search.calibration && (
        <p className="small">
          Calibration chosen by AP: {search.calibration.chosen} (
          {search.calibration.tried.map((t) => `${t.algo} ${ap(t.ap)}`).join(', ')})
        </p>
      )}
      {search.cutHead && (
        <p className="small">
          Cut head ({search.cutHead.preset}): AP {ap(search.cutHead.ap)} — {search.cutHead.advice}
        </p>
      )}
    </details>
  );
}
