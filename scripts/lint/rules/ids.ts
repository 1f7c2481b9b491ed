// The ids of lint's rules, in the order docs/lint-rules.md lists them: what a config's `rules:` may name. Kept
// apart from the rules so render and diff check a config without loading lint; rules/index.ts fails at load
// when this list and the rules differ.
export const RULE_IDS: readonly string[] = [
  // yaml.ts
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-tab',
  'yaml-boolean-key',
  'yaml-boolean-value',
  'yaml-octal',
  'yaml-version-number',
  'path-unreadable',
  'input-limit',
  // values.ts
  'values-schema',
  'root-key-typo',
  'root-key-unused',
  'section-nulled',
  'custom-resources-list-replaced',
  'null-removes-nothing',
  'env-literal-secret',
  'glueops-ignored-key',
  'image-default-tag',
  'service-port-targets-app-port',
  'foreign-template',
  // render.ts
  'invalid-name',
  'render-failed',
  'model-invalid',
  'model-unknown-field',
  'model-missing',
  // traefik.ts
  'hostsni-without-tls',
  'hostsni-ip',
  'hostsni-multiple-args',
  'udp-route-match',
  'entrypoint-unknown',
  'postgres-alpn',
  'tls-option-unknown',
  'tcp-route-shadowed',
  // gateway.ts
  'gateway-api-version',
  'gateway-api-deprecated',
  'gateway-listener',
  'invalid-hostname',
  // routing.ts
  'backend-unknown',
  // exposure.ts
  'networkpolicy-cluster-cidr',
  'database-port-unrestricted',
  // placement.ts
  'cluster-scoped-kind',
  'foreign-namespace',
];
