// The bad-input corpus: values files a person could plausibly get wrong (test/corpus/*.yaml). Each fails under
// Helm 3 and Helm 4, prints no manifests, and says which values path (and which entry) is wrong. The table says
// what each file proves. test/corpus/accepted/ holds the mistakes Helm itself lets through: its YAML reader
// keeps the last of duplicate keys, and the root of the values is open by design. `app-chart lint` catches those.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helmFor, runHelm, type HelmMajor } from '../scripts/helm.ts';
import { packageRoot } from '../scripts/install.ts';
import { chartDir } from '../scripts/render.ts';
import { HELMS } from './helpers.ts';

const corpusDir = join(packageRoot, 'test', 'corpus');

interface Case {
  file: string;
  proves: string;
  helm3: RegExp;
  helm4: RegExp;
}

/** Schema errors: Helm 3 prints "- a.b.0.c: reason", Helm 4 "at '/a/b/0/c': reason". */
const schema = (file: string, proves: string, dotted: string, reason3: string, reason4: string): Case => ({
  file,
  proves,
  helm3: new RegExp(`^- ${escapeRegExp(dotted)}: ${reason3}`, 'm'),
  helm4: new RegExp(`at '/${escapeRegExp(dotted.replaceAll('.', '/'))}': ${reason4}`),
});
/** The chart's own checks (fail) and template errors: the same text under both Helms. */
const chart = (file: string, proves: string, message: RegExp): Case => ({ file, proves, helm3: message, helm4: message });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CASES: Case[] = [
  // misspelt keys, at every level of the values the chart defines
  schema(
    'misspelt-deployment-key.yaml',
    'a typo one level down (replicsa) is an error, not a silent 1 replica',
    'deployment',
    'Additional property replicsa is not allowed',
    "additional properties 'replicsa' not allowed",
  ),
  schema(
    'misspelt-image-key.yaml',
    'image.tags is refused instead of falling back to the default tag',
    'image',
    'Additional property tags is not allowed',
    "additional properties 'tags' not allowed",
  ),
  schema(
    'misspelt-service-port-key.yaml',
    'a typo inside a list item names the item',
    'service.ports.0',
    'Additional property protcol is not allowed',
    "additional properties 'protcol' not allowed",
  ),
  schema(
    'misspelt-ingress-path-key.yaml',
    'a typo five levels down names the full path',
    'ingress.entries.0.hosts.0.paths.0',
    'Additional property pathtype is not allowed',
    "additional properties 'pathtype' not allowed",
  ),
  schema(
    'misspelt-env-variable-key.yaml',
    'an env variable with a misspelt value key is refused, not rendered empty',
    'deployment.envVariables.0',
    'Additional property valeu is not allowed',
    "additional properties 'valeu' not allowed",
  ),
  schema(
    'misspelt-custom-resource-verbatim.yaml',
    'a verbatim entry takes no other key',
    'customResourcesMap.alerts',
    'Additional property namespace is not allowed',
    "additional properties 'namespace' not allowed",
  ),
  // wrong types
  schema(
    'deployment-is-a-boolean.yaml',
    'a boolean where a block of settings belongs',
    'deployment',
    'Invalid type',
    'got boolean, want null or object',
  ),
  schema(
    'replicas-is-a-word.yaml',
    'a word where a number belongs',
    'deployment.replicas',
    'Invalid type',
    'got string, want null or integer',
  ),
  schema(
    'replicas-is-a-fraction.yaml',
    'a fraction where a whole number belongs',
    'deployment.replicas',
    'Invalid type',
    'got number, want null or integer',
  ),
  schema(
    'enabled-is-a-quoted-string.yaml',
    '"true" in quotes is a string, not a switch',
    'service.enabled',
    'Invalid type',
    'got string, want null or boolean',
  ),
  schema(
    'port-is-a-string.yaml',
    'a port written as 53/udp',
    'deployment.containerPorts.0.port',
    'Invalid type',
    'got string, want null or integer',
  ),
  schema(
    'resources-is-a-string.yaml',
    'a quantity where the resources object belongs',
    'deployment.resources',
    'Must validate at least one schema',
    "'anyOf' failed",
  ),
  schema(
    'image-is-a-reference-string.yaml',
    'the top-level image is a map, not a reference string',
    'image',
    'Invalid type',
    'got string, want null or object',
  ),
  schema(
    'image-tag-is-a-list.yaml',
    'a list where one tag belongs',
    'image.tag',
    'Invalid type',
    'got array, want null or number or string',
  ),
  schema(
    'labels-is-a-list.yaml',
    'labels written as key=value strings in a list',
    'commonLabels',
    'Invalid type',
    'got array, want null or object',
  ),
  schema(
    'label-value-is-a-list.yaml',
    'a list as one label value names the label',
    'deployment.nodeSelector.disktype',
    'Invalid type',
    'got array',
  ),
  schema(
    'strategy-is-a-number.yaml',
    'a number where a strategy name or object belongs',
    'deployment.strategy',
    'Must validate at least one schema',
    "'anyOf' failed",
  ),
  // a string or a map where a list belongs
  schema(
    'command-is-a-string.yaml',
    'a shell line where the command list belongs',
    'deployment.command',
    'Invalid type',
    'got string, want null or array',
  ),
  schema(
    'source-ranges-is-a-string.yaml',
    'one CIDR where the list of CIDRs belongs',
    'service.loadBalancerSourceRanges',
    'Invalid type',
    'got string, want null or array',
  ),
  schema(
    'ingress-entries-is-a-map.yaml',
    'one entry written as a map instead of a list item',
    'ingress.entries',
    'Invalid type',
    'got object, want null or array',
  ),
  schema(
    'env-variables-is-a-map.yaml',
    'envVariables written as a map (that is envMap)',
    'deployment.envVariables',
    'Invalid type',
    'got object, want null or array',
  ),
  schema(
    'custom-resources-is-a-string.yaml',
    'a manifest where the customResources list belongs',
    'customResources',
    'Invalid type',
    'got string, want null or array',
  ),
  schema(
    'custom-resources-map-is-a-list.yaml',
    'a list where the customResourcesMap map belongs',
    'customResourcesMap',
    'Invalid type',
    'got array, want null or object',
  ),
  // out of range, bad enum, bad pattern, too long, missing required key
  schema(
    'negative-replicas.yaml',
    'negative replicas',
    'deployment.replicas',
    'Must be greater than or equal to 0',
    'minimum: got -1, want 0',
  ),
  schema(
    'service-port-out-of-range.yaml',
    'a Service port above 65535',
    'service.port',
    'Must be less than or equal to 65535',
    'maximum: got 70,000, want 65,535',
  ),
  schema('image-port-zero.yaml', 'port 0', 'image.port', 'Must be greater than or equal to 1', 'minimum: got 0, want 1'),
  schema(
    'node-port-out-of-range.yaml',
    'a node port above 65535',
    'service.nodePort',
    'Must be less than or equal to 65535',
    'maximum: got 80,000',
  ),
  schema(
    'service-type-lowercase.yaml',
    'loadbalancer in lower case',
    'service.type',
    'service\\.type must be one of the following',
    'value must be one of',
  ),
  schema(
    'protocol-lowercase.yaml',
    'udp in lower case',
    'deployment.containerPorts.0.protocol',
    'deployment\\.containerPorts\\.0\\.protocol must be one of',
    'value must be one of',
  ),
  schema(
    'pull-policy-lowercase.yaml',
    'always in lower case',
    'deployment.imagePullPolicy',
    'deployment\\.imagePullPolicy must be one of',
    'value must be one of',
  ),
  schema(
    'digest-without-algorithm.yaml',
    'a digest without its sha256: prefix',
    'image.digest',
    'Does not match pattern',
    "'3f1c2d' does not match pattern",
  ),
  schema(
    'port-name-too-long.yaml',
    'a port name longer than the 15 characters Kubernetes allows',
    'deployment.containerPorts.0.name',
    'String length must be less than or equal to 15',
    'maxLength: got 20, want 15',
  ),
  schema(
    'network-policy-port-missing.yaml',
    'a NetworkPolicy port without its port',
    'networkPolicy.ports.0',
    'port is required',
    "missing property 'port'",
  ),
  schema(
    'pull-secret-without-name.yaml',
    'a pull secret map without name',
    'image.pullSecrets.0',
    'Must validate at least one schema',
    "'anyOf' failed",
  ),
  schema(
    'env-variable-without-name.yaml',
    'an env variable whose name was forgotten',
    'deployment.envVariables.0',
    'name is required',
    "missing property 'name'",
  ),
  // custom resources: the entry itself
  schema(
    'custom-resource-number.yaml',
    'a number where a manifest belongs',
    'customResources.0',
    'Must validate at least one schema',
    "'anyOf' failed",
  ),
  schema(
    'custom-resource-list.yaml',
    'a list where a manifest belongs',
    'customResourcesMap.hosts',
    'Must validate at least one schema',
    "'anyOf' failed",
  ),
  schema(
    'custom-resource-boolean.yaml',
    'a boolean where a manifest belongs',
    'customResourcesMap.tcp-route',
    'Must validate at least one schema',
    "'anyOf' failed",
  ),
  schema(
    'verbatim-is-a-map.yaml',
    'verbatim takes text, not a map',
    'customResourcesMap.alerts',
    'Must validate at least one schema',
    "'anyOf' failed",
  ),
  // custom resources: what the entry holds
  chart(
    'custom-resource-broken-yaml.yaml',
    'broken indentation names the entry and the line',
    /customResourcesMap\.tcp-route: is not valid YAML: line 5: mapping values are not allowed/,
  ),
  chart(
    'custom-resource-yaml-list.yaml',
    'a YAML list of objects in one entry',
    /customResources\[0\]: is a YAML list \("- apiVersion: v1/,
  ),
  chart(
    'custom-resource-plain-text.yaml',
    'a sentence where a manifest belongs',
    /customResourcesMap\.note: is a plain value \("remember to add the TLSOption"/,
  ),
  chart(
    'custom-resource-broken-document.yaml',
    'a broken second document names the entry and the document',
    /customResourcesMap\.postgres \(document 2 of 2\): is not valid YAML: line 6/,
  ),
  chart(
    'custom-resource-empty-document.yaml',
    'an explicitly empty document between two good ones',
    /customResources\[0\] \(document 2 of 3\): is an empty manifest \(\{\}\)/,
  ),
  chart(
    'custom-resource-null-document.yaml',
    'a document that is just null',
    /customResourcesMap\.settings \(document 2 of 2\): is an empty manifest \(null\)/,
  ),
  chart(
    'custom-resource-undefined-helper.yaml',
    'a template calling a helper that does not exist',
    /execution for "\{\{\/\* customResourcesMap\.tcp-route \*\/\}\}.*executing "gotpl" at <include "app\.nmae" \.>: error calling include: .*no template "app\.nmae"/,
  ),
  chart(
    'custom-resource-template-syntax.yaml',
    'an unclosed {{ }} names the entry',
    /cannot parse template "\{\{\/\* customResources\[0\] \*\/\}\}.*unexpected "\}" in operand/,
  ),
  chart(
    'custom-resource-nil-value.yaml',
    'a value that is not set anywhere',
    /execution for "\{\{\/\* customResourcesMap\.settings \*\/\}\}.*executing "gotpl" at <\.Values\.database\.host>: nil pointer/,
  ),
  chart('custom-resource-no-api-version.yaml', 'a manifest without apiVersion', /customResourcesMap\.options: has no apiVersion/),
  chart('custom-resource-no-name.yaml', 'name beside metadata instead of under it', /customResourcesMap\.options: has no metadata\.name/),
  chart('custom-resource-object-no-kind.yaml', 'an object entry without kind', /customResourcesMap\.options: has no kind/),
  chart(
    'custom-resource-duplicate-object.yaml',
    'the same object from two entries names both',
    /customResources\[0\] and customResourcesMap\.options both render TLSOption postgres-tls in namespace prod/,
  ),
  chart(
    'custom-resource-collides-with-service.yaml',
    "an entry rendering the chart's own Service",
    /the chart's Service \(service\.enabled\) and customResourcesMap\.lb both render Service demo-prod/,
  ),
  // what the chart needs to render
  chart(
    'deployment-without-image.yaml',
    'a Deployment with its image repository nulled',
    /deployment\.image: no image repository\. Set image\.repository/,
  ),
  chart('deployment-empty-repository.yaml', 'a Deployment with an empty image repository', /deployment\.image: no image repository/),
  chart('ingress-entry-without-name.yaml', 'an Ingress entry without a name', /ingress\.entries\[0\]: has no name/),
  chart('service-port-without-number.yaml', 'an extra Service port without its number', /service\.ports\[0\]\.port: required/),
  chart(
    'container-port-without-number.yaml',
    'an extra container port without its number',
    /deployment\.containerPorts\[0\]\.port: required/,
  ),
  // YAML Helm cannot read: no values path exists yet, so Helm names the file and line
  chart(
    'tab-indentation.yaml',
    'a tab used for indentation',
    /failed to parse .*test\/corpus\/tab-indentation\.yaml: .*line 3: found character that cannot start any token/,
  ),
];

/** Mistakes Helm renders without a word: the values file is valid YAML to it, or the key is one it allows. */
const ACCEPTED: { file: string; why: string; renders: RegExp }[] = [
  { file: 'duplicate-key.yaml', why: "Helm's YAML reader keeps the last of duplicate keys", renders: /^ {2}replicas: 3$/m },
  { file: 'duplicate-top-level-block.yaml', why: 'a second deployment block replaces the first, enabled included', renders: /^\s*$/ },
  { file: 'misspelt-root-key.yaml', why: 'the root stays open for keys templates read (captain_domain, ...)', renders: /^\s*$/ },
  { file: 'tab-after-colon.yaml', why: 'a tab between a key and its value is valid YAML', renders: /^ {2}replicas: 3$/m },
  {
    file: 'custom-resource-duplicate-key.yaml',
    why: "fromYaml, like Helm's values reader, keeps the last of duplicate keys; the text is emitted as written",
    renders: /^kind: ConfigMap\nkind: Secret$/m,
  },
];

/**
 * Files the schema refuses first, though the chart has a check of its own for them: rendered with Helm's schema
 * check skipped (helm template --skip-schema-validation), only that check stands between the values and a broken
 * manifest, so it must refuse them with its own message.
 */
const CHART_CHECKS: { file: string; message: RegExp }[] = [
  { file: 'custom-resource-number.yaml', message: /customResources\[0\]: is a float64 \(42\); an entry must be a manifest/ },
  {
    file: 'custom-resource-list.yaml',
    message: /customResourcesMap\.hosts: is a slice \(\[db\.example\.com cache\.example\.com\]\); an entry must be a manifest/,
  },
  { file: 'custom-resource-boolean.yaml', message: /customResourcesMap\.tcp-route: is a bool \(true\); an entry must be a manifest/ },
  {
    file: 'misspelt-custom-resource-verbatim.yaml',
    message: /customResourcesMap\.alerts: a verbatim entry is a map with one key, "verbatim", holding the manifest text as a string/,
  },
  { file: 'verbatim-is-a-map.yaml', message: /customResourcesMap\.alerts: a verbatim entry is a map with one key, "verbatim"/ },
  { file: 'pull-secret-without-name.yaml', message: /image\.pullSecrets\[0\]: "<nil>" is not a Secret name/ },
];

function templateFile(helm: HelmMajor, file: string, extra: string[] = []) {
  return runHelm(helmFor(helm), ['template', 'demo-prod', chartDir, '--namespace', 'prod', '--values', file, ...extra]);
}

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();

describe('the bad-input corpus', () => {
  it('has at least 40 files, each with a row in the table', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(yamlFiles(corpusDir)).toEqual(CASES.map((c) => c.file).sort());
    expect(yamlFiles(join(corpusDir, 'accepted'))).toEqual(ACCEPTED.map((c) => c.file).sort());
  });

  describe.concurrent.each(HELMS)('under Helm %i', (helm) => {
    it.each(CASES)('$file: $proves', async ({ file, helm3, helm4 }) => {
      const result = await templateFile(helm, join(corpusDir, file));
      expect(result.exitCode).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(helm === 3 ? helm3 : helm4);
    });

    it.each(CHART_CHECKS)('$file: the chart refuses it itself when the schema check is skipped', async ({ file, message }) => {
      const result = await templateFile(helm, join(corpusDir, file), ['--skip-schema-validation']);
      expect(result.exitCode).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(/values don't meet the specifications of the schema/);
      expect(result.stderr).toMatch(message);
    });

    it.each(ACCEPTED)('accepts $file silently: $why', async ({ file, renders }) => {
      const result = await templateFile(helm, join(corpusDir, 'accepted', file));
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(renders);
    });
  });
});
