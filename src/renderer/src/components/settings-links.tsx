import { Fragment } from 'react';
import { SettingsSchema } from '../../../shared/contract';
import { href } from '../routing/router';

const KEYS = new Set(Object.keys(SettingsSchema.shape));
const MENTION = /Settings › (\w+)/g;

/** The link to one field of the Settings screen (it focuses the field). */
export const settingHref = (key: string): string => href('settings', null, { field: key });

/** Text with every "Settings › key" turned into a link to that field of the Settings screen. */
export function SettingsLinks(props: { text: string }): React.JSX.Element {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const m of props.text.matchAll(MENTION)) {
    if (!KEYS.has(m[1])) continue;
    parts.push(props.text.slice(last, m.index));
    parts.push(
      <a key={m.index} href={settingHref(m[1])}>
        {m[0]}
      </a>,
    );
    last = m.index + m[0].length;
  }
  parts.push(props.text.slice(last));
  return <Fragment>{parts}</Fragment>;
}
