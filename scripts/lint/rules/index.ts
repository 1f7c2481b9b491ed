// Every rule of app-chart lint, in the order docs/lint-rules.md lists them.
import { exposureRules } from './exposure.ts';
import { gatewayRules } from './gateway.ts';
import { placementRules } from './placement.ts';
import { renderRules } from './render.ts';
import { routingRules } from './routing.ts';
import { RULE_IDS } from './ids.ts';
import type { RuleDef } from './rule.ts';
import { traefikRules } from './traefik.ts';
import { valuesRules } from './values.ts';
import { yamlRules } from './yaml.ts';

export const RULES: RuleDef[] = [
  ...yamlRules,
  ...valuesRules,
  ...renderRules,
  ...traefikRules,
  ...gatewayRules,
  ...routingRules,
  ...exposureRules,
  ...placementRules,
];

export { RULE_IDS };
if (RULES.map((r) => r.id).join() !== RULE_IDS.join()) {
  throw new Error(`lint: rules/ids.ts does not list the rules of rules/index.ts in their order: ${RULES.map((r) => r.id).join(', ')}`);
}

export function ruleById(id: string): RuleDef {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`lint: no rule "${id}"`);
  return rule;
}
