import { lazy } from 'react';
import type { WorkbenchApi } from '../../../shared/contract';
import { doctorReport } from '../pages/toolchains/doctor-report-cache';

// The screens' heavy parts, loaded on demand: Monaco with its YAML language (~7 MB) and the graph view (React Flow,
// elk and its layout worker, ~2.6 MB). One import function each, shared by React.lazy and the idle preload below.
const loadYamlEditor = () => import('../editor/yaml-editor');
const loadConfigDiffEditor = () => import('../editor/config-diff-editor');
const loadLayerGraph = () => import('../pages/accuracy/layer-graph');

export const YamlEditor = lazy(loadYamlEditor);
export const ConfigDiffEditor = lazy(loadConfigDiffEditor);
export const LayerGraph = lazy(loadLayerGraph);

/**
 * Loads the heavy parts once the first screen is idle, so the first open of New run, Accuracy or Compare's layer
 * errors renders at once instead of fetching and compiling them then (0.5–1 s each on a busy machine). The graph
 * view's elk worker is started and warmed up with one small layout.
 */
export function preloadHeavyParts(api: WorkbenchApi): void {
  const idle = (run: () => void): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
    else setTimeout(run, 500);
  };
  idle(() => {
    void loadLayerGraph()
      .then(() => import('../pages/accuracy/elk-layout'))
      .then((elk) => elk.warmUpLayout())
      .then(loadYamlEditor)
      .then(loadConfigDiffEditor)
      // Then the doctor's check of the configured Python (a subprocess; Toolchains shows its report at once).
      .then(() => doctorReport(api))
      .catch(() => undefined); // what failed is retried by the screen that needs it, which shows the error
  });
}
