import { type ReactNode, useEffect } from 'react';
import { NewRunPage } from './pages/new-run/new-run-page';
import { RunsPage } from './pages/runs/runs-page';
import { RunPage } from './pages/run/run-page';
import { AccuracyPage } from './pages/accuracy/accuracy-page';
import { ComparePage } from './pages/compare/compare-page';
import { BoardPage } from './pages/board/board-page';
import { ToolchainsPage } from './pages/toolchains/toolchains-page';
import { SettingsPage } from './pages/settings/settings-page';
import { type Route, useRoute } from './routing/router';
import { SideNav } from './shell/side-nav';
import { useTheme } from './shell/use-theme';
import { EmptyState } from './components/empty-state';
import { PageHeader } from './components/page-header';
import { href } from './routing/router';
import { preloadHeavyParts } from './shell/heavy-parts';
import { useApi } from './api/api-context';

function runIdParam(route: Route): number | null {
  const n = Number(route.param ?? route.query.get('from'));
  return Number.isInteger(n) && n > 0 ? n : null;
}

function pageFor(route: Route, theme: ReturnType<typeof useTheme>): ReactNode {
  switch (route.page) {
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunPage key={route.param} runId={runIdParam(route)} />;
    case 'new':
      return (
        <NewRunPage
          key={route.query.toString()}
          theme={theme.applied}
          fromRunId={runIdParam(route)}
          template={route.query.get('template')}
        />
      );
    case 'accuracy':
      return <AccuracyPage key={route.param} runId={runIdParam(route)} theme={theme.applied} />;
    case 'compare':
      return (
        <ComparePage
          runIds={(route.query.get('ids') ?? '')
            .split(',')
            .map(Number)
            .filter((n) => n > 0)}
          theme={theme.applied}
        />
      );
    case 'board':
      return <BoardPage />;
    case 'toolchains':
      return <ToolchainsPage />;
    case 'settings':
      return <SettingsPage field={route.query.get('field')} onThemeSaved={theme.show} />;
    default:
      return (
        <div className="page">
          <PageHeader title="Not found" />
          <EmptyState
            title={`There is no page "${route.page}"`}
            action={
              <a className="button" href={href('runs')}>
                Go to Runs
              </a>
            }
          >
            The link may be from a newer version of the workbench.
          </EmptyState>
        </div>
      );
  }
}

/** Layout: navigation on the left, the routed page in the main landmark. */
export function App(): React.JSX.Element {
  const route = useRoute();
  const theme = useTheme();
  const api = useApi();
  useEffect(() => preloadHeavyParts(api), [api]);
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <SideNav current={route.page} theme={theme.choice} onCycleTheme={theme.cycle} />
      <main id="main" tabIndex={-1}>
        {pageFor(route, theme)}
      </main>
    </div>
  );
}
