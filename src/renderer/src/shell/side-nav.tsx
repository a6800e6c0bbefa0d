import { href } from '../routing/router';
import type { ThemeChoice } from './use-theme';

export const NAV_ITEMS = [
  { page: 'runs', label: 'Runs', icon: '▤' },
  { page: 'new', label: 'New run', icon: '+' },
  { page: 'accuracy', label: 'Accuracy', icon: '◎' },
  { page: 'compare', label: 'Compare', icon: '⇆' },
  { page: 'board', label: 'Board', icon: '▣' },
  { page: 'toolchains', label: 'Toolchains', icon: '⚒' },
  { page: 'settings', label: 'Settings', icon: '⚙' },
] as const;

const PAGE_OF_ROUTE: Record<string, string> = { run: 'runs' };

/** The left navigation; plain links so Tab/Enter, middle-click and the back button all work. */
export function SideNav(props: { current: string; theme: ThemeChoice; onCycleTheme(): void }): React.JSX.Element {
  const active = PAGE_OF_ROUTE[props.current] ?? props.current;
  return (
    <nav className="side-nav" aria-label="Main">
      <div className="brand" aria-hidden="true">
        NPU<span>Workbench</span>
      </div>
      <ul>
        {NAV_ITEMS.map((item) => (
          <li key={item.page}>
            <a href={href(item.page)} aria-current={active === item.page ? 'page' : undefined}>
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="theme-toggle"
        onClick={props.onCycleTheme}
        title="Switch theme (system → light → dark)"
      >
        Theme: {props.theme}
      </button>
    </nav>
  );
}
