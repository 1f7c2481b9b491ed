// The app-chart API, for a platform's own tooling: render an app × env as it is deployed, lint a deployment
// repo, and the types of the chart's values.
export type * from '../schema/values.types.ts';
export { render, type RenderOptions, type RenderResult } from './render-deployed.ts';
export { lint, type LintOptions, type LintResult, type ReportedFinding } from './lint/index.ts';
export { ConfigError } from './lint/config.ts';
export { UsageError } from './lint/discover.ts';
export { RenderError } from './render.ts';
export { ChartError, type ChartSource } from './chart-source.ts';
export { HelmError, type Helm, type HelmMajor } from './helm.ts';
export type { CheckedChart } from './deployment.ts';
