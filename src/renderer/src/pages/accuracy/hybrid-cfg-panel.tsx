import { Suspense, useEffect, useState } from 'react';
import type { ConfigCheck } from '../../../../shared/contract';
import { useApi } from '../../api/api-context';
import { ErrorBanner } from '../../components/error-banner';
import { YamlEditor } from '../../shell/heavy-parts';

export function hybridCfgText(keepFloat: Iterable<string>): string {
  const layers = [...keepFloat];
  return layers.length === 0
    ? 'custom_quantize_layers: {}\n'
    : `custom_quantize_layers:\n${layers.map((l) => `    ${l}: float16`).join('\n')}\n`;
}

const issueText = (issue: ConfigCheck['issues'][number]) =>
  `${issue.line ? `line ${issue.line}: ` : ''}${issue.message}`;

/**
 * The hybrid cfg (rknn custom_quantize_layers) as text: every layer name is checked against the run's model as
 * you type (runs:checkHybrid) and marked on its line; a valid cfg becomes the keep-float set in one click.
 */
export function HybridCfgPanel(props: {
  runId: number;
  keepFloat: ReadonlySet<string>;
  theme: 'light' | 'dark';
  onApply(layers: string[]): void;
}): React.JSX.Element {
  const api = useApi();
  const [text, setText] = useState(() => hybridCfgText(props.keepFloat));
  const [check, setCheck] = useState<(ConfigCheck & { layers: Record<string, string> }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.runs.checkHybrid({ id: props.runId, text }).then(
        (c) => {
          if (!live) return;
          setCheck(c);
          setError(null);
        },
        (e: unknown) => live && setError(e),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [api, props.runId, text]);
  const floatLayers = Object.entries(check?.layers ?? {})
    .filter(([, dtype]) => dtype === 'float16')
    .map(([layer]) => layer);
  return (
    <section className="hybrid-panel" aria-label="Hybrid cfg">
      <div className="editor-frame hybrid-editor">
        <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
          <YamlEditor
            value={text}
            onChange={setText}
            theme={props.theme}
            ariaLabel="Hybrid cfg (custom_quantize_layers)"
            path="file:///custom_quantize_layers.yaml"
            issues={check?.issues ?? []}
          />
        </Suspense>
      </div>
      <ErrorBanner error={error} />
      <div className="reanalyse">
        <span className={`small ${check && !check.ok ? 'sev-bad' : 'muted'}`} role="status">
          {!check
            ? 'Checking…'
            : check.ok
              ? `${Object.keys(check.layers).length} layers, all found in the model`
              : `${check.issues.length} problem${check.issues.length === 1 ? '' : 's'}: ${issueText(check.issues[0])}`}
        </span>
        <button type="button" disabled={!check?.ok} onClick={() => props.onApply(floatLayers)}>
          Use as keep-float set
        </button>
      </div>
    </section>
  );
}
