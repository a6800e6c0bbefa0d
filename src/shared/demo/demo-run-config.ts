/**
 * The demo project's baseline run: AP and per-layer error of the embedded demo detector on its synthetic
 * dataset. Shared so the first-launch routine (core) and "Try the demo project" (renderer) launch the same run.
 */
export const DEMO_RUN_NAME = 'demo-baseline';

export function demoRunConfig(demo: { model: string; dataset: string }): string {
  return `# The embedded demo: a tiny YOLOv8-style detector and a synthetic shapes dataset.
name: ${DEMO_RUN_NAME}
target: host
backend: sim
tags: [demo]
stages:
  - kind: env-snapshot
  - kind: eval
    model: demo
    data: demo
  - kind: analyse
    model: ${JSON.stringify(demo.model)}
    calib: ${JSON.stringify(demo.dataset)}
    calibCount: 32
`;
}
