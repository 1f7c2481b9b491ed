// Rules reported by rendering with Helm and by checking the rendered objects against their models. Their texts
// carry what Helm, the name check or the model said, which lint passes on with what to do about it.
import type { RuleDef } from './rule.ts';
import { appWith, traefikRoute } from '../rule-examples.ts';

export const invalidName = {
  id: 'invalid-name',
  severity: 'error',
  family: 'render',
  summary:
    'The release name ArgoCD gives an app × env ("<app>-<env>") is not a valid Helm release name, or its namespace is not a ' +
    'valid Kubernetes namespace.',
  why:
    'Helm refuses such a release and ArgoCD cannot sync it. Lint renders nothing for it: a name taken from a folder is never ' +
    'passed to Helm unchecked.',
  fix:
    'Rename the app or env folder (lowercase letters, digits, "-" and "."; at most 53 characters for app and env together), ' +
    'or map the env to a valid namespace in app-chart.config.yaml.',
  messages: {
    // the name check render runs too: it names the folder, the name and the fix
    refused: '{reason}',
  },
  example: {
    app: 'Billing_API',
    values: `deployment:
  enabled: true
`,
  },
} satisfies RuleDef;

export const renderFailed = {
  id: 'render-failed',
  severity: 'error',
  family: 'render',
  summary:
    'Helm could not render the app: a template of a custom resource fails, a manifest does not parse, lacks apiVersion, ' +
    'kind or metadata.name, or two entries render the same object.',
  why: 'ArgoCD cannot sync an app that does not render; nothing of it is applied.',
  fix:
    'The message names the entry, its file and line, and what to change (a misspelt helper, broken indentation under "|", a ' +
    'missing field, a duplicate name).',
  messages: {
    // Helm's error, explained as `app-chart render` explains it
    helmRefused: 'Helm cannot render the app: {explanation}',
  },
  example: { values: appWith({ settings: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "app.nmae" . }}-settings\n' }) },
} satisfies RuleDef;

export const modelInvalid = {
  id: 'model-invalid',
  severity: 'error',
  family: 'render',
  summary:
    'A rendered object breaks its Kubernetes or CRD schema (kubernetes-models core, Traefik, Gateway API, cert-manager): a ' +
    'wrong type, a missing required field, a value outside its enum.',
  why: 'The API server rejects the object at sync time, after the change has already been merged.',
  fix: 'Correct the field named in the message, in the custom resource (or values key) it points at.',
  messages: {
    invalid: '{object} {problem}: correct it where the manifest is written',
    // the model's message ends in a guess ("did you mean …?"), which is the fix
    invalidGuessed: '{object} {problem}',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ service: 'weight: heavy   # a number' }) }) },
} satisfies RuleDef;

export const modelUnknownField = {
  id: 'model-unknown-field',
  severity: 'error',
  family: 'render',
  summary: 'A rendered object has a field its schema does not declare, usually a typo or a field at the wrong level.',
  why:
    'The API server drops unknown fields of custom resources without a word (or rejects them with strict field validation), ' +
    'so the setting silently does nothing.',
  fix: 'Correct the spelling or the indentation of the field named.',
  messages: {
    unknown: '{object} {problem}: check its spelling and indentation',
    unknownGuessed: '{object} {problem}',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ entryPointsKey: 'entrypoints' }) }) },
} satisfies RuleDef;

export const modelMissing = {
  id: 'model-missing',
  severity: 'warn',
  family: 'render',
  summary: 'A rendered object of an apiVersion and kind that no installed model package describes.',
  why: 'Lint cannot check it: a typo in apiVersion or kind looks the same as a CRD it does not know.',
  fix:
    'Check apiVersion and kind against the CRD installed in the cluster; turn the rule off in app-chart.config.yaml for CRDs ' +
    'you use on purpose.',
  messages: {
    missing: '{object} {problem}: check apiVersion and kind against the CRD in the cluster',
    missingGuessed: '{object} {problem}',
  },
  example: { values: appWith({ 'tcp-route': traefikRoute({ apiVersion: 'traefik.io/v1alpha2' }) }) },
} satisfies RuleDef;

export const renderRules: RuleDef[] = [invalidName, renderFailed, modelInvalid, modelUnknownField, modelMissing];
