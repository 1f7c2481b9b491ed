// The shapes lint passes between its stages: findings, rules and the places findings point at.
import type { ValuesPath } from '../values-path.ts';

export type Severity = 'error' | 'warn';
export type SeveritySetting = Severity | 'off';

/** A position in a file (1-based line and column); file is absolute inside lint, relative in reports. */
export interface Location {
  file?: string;
  line?: number;
  col?: number;
  /** the values path the finding is about, e.g. customResourcesMap.tcp-route */
  path?: ValuesPath;
}

/** What a check reports; the severity comes later, from the rule and the config. */
export interface Finding extends Location {
  rule: string;
  message: string;
  /** Kind/name of the rendered object, for findings about one */
  object?: string;
}

/** A finding of one app × env (or of the repo), with the app and env it was seen in. */
export interface TargetFinding extends Finding {
  /** the repo root (config folder) of the app */
  root?: string;
  app?: string;
  env?: string;
}

export interface RuleDoc {
  id: string;
  severity: Severity;
  /** which part of lint runs it: shown as the section of docs/lint-rules.md */
  family: 'yaml' | 'values' | 'render' | 'traefik' | 'gateway' | 'routing' | 'exposure' | 'placement';
  /** one line: what it catches */
  summary: string;
  /** why it matters */
  why: string;
  /** how to fix it */
  fix: string;
  /** a repo that triggers it: shown in docs/lint-rules.md, and linted by a test that expects the rule to fire */
  example: RuleExample;
  /**
   * What its findings say: message id → text, where {name} is filled from the data of the report (see
   * messageText in rules/rule.ts).
   */
  messages: Record<string, string>;
}

/**
 * A rule's example: the values files of the app `api` in env `prod` (see scripts/lint/rule-examples.ts for the
 * platform config they run under), and what else the rule needs to see.
 */
export interface RuleExample {
  /** apps/<app>/envs/prod/values.yaml */
  values: string;
  /** apps/<app>/base/base-values.yaml */
  base?: string;
  /** the app's folder name, when the rule is about it (default: api) */
  app?: string;
  /** other apps of the repo: app name → its envs/prod/values.yaml */
  others?: Record<string, string>;
  /** an app-chart.config.yaml of its own, instead of the shared one */
  config?: string;
  /** the env values file is a symbolic link to this path instead (values is then unused) */
  link?: string;
}
