// The custom resources contract (README.md, "Custom resources"), proven under Helm 3 and Helm 4.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDir } from '../scripts/render.ts';
import { find, HELMS, manifests, render, template, toValuesYaml } from './helpers.ts';

const configMap = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  from: ${name}${extra}\n`;

const values = toValuesYaml;
const names = (objects: { metadata: { name: string } }[]) => objects.map((o) => o.metadata.name);

describe.each(HELMS)('custom resources under Helm %i', (helm) => {
  it('emits the list in order, then the map by key', async () => {
    const objects = await render(helm, [
      values({
        // a document of comments alone renders nothing, as an entry an env file comments out
        customResources: [configMap('c'), `${configMap('a')}---\n# kept for later\n`],
        customResourcesMap: {
          zz: configMap('z'),
          // a long value joined across lines with "{{-", which trims the line break and indent before it
          bb: configMap('b', '\n  url: "https://{{ .Release.Name }}.\n    {{- .Release.Namespace }}.svc"'),
          mm: configMap('m'),
          off: '# off in this env\n',
        },
      }),
    ]);
    expect(names(objects)).toEqual(['c', 'a', 'b', 'm', 'z']);
    expect(find(objects, 'ConfigMap', 'b')?.data).toEqual({ from: 'b', url: 'https://demo-prod.prod.svc' });
  });

  it('emits objects of one kind and name in two namespaces: they are two objects, not a duplicate', async () => {
    const inNamespace = (namespace: string) =>
      configMap('shared').replace('  name: shared\n', `  name: shared\n  namespace: ${namespace}\n`);
    const objects = await render(helm, [values({ customResources: [inNamespace('team-a'), inNamespace('team-b')] })]);
    expect(objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['team-a/shared', 'team-b/shared']);
  });

  it('renders strings with tpl against the root context, as the seed uses them', async () => {
    const entry =
      'apiVersion: traefik.io/v1alpha1\nkind: IngressRouteTCP\nmetadata:\n  name: {{ include "app.name" . }}-route\n' +
      '  namespace: {{ include "app.namespace" . }}\nspec:\n  routes:\n    - match: HostSNI(`{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}`)\n';
    const [route] = await render(helm, [values({ captain_domain: 'example.com', customResources: [entry] })], {
      release: 'db-prod',
      namespace: 'prod',
    });
    expect(route.metadata).toEqual({ name: 'db-prod-route', namespace: 'prod' });
    expect(route.spec).toEqual({ routes: [{ match: 'HostSNI(`db-prod.apps.example.com`)' }] });
  });

  it('takes objects, deep-merged across values files, and templates their strings', async () => {
    const base = values({
      customResourcesMap: {
        options: {
          apiVersion: 'traefik.io/v1alpha1',
          kind: 'TLSOption',
          metadata: { name: 'pg' },
          spec: { alpnProtocols: ['postgresql'], minVersion: 'VersionTLS12' },
        },
      },
    });
    const env = values({
      customResourcesMap: { options: { metadata: { namespace: '{{ include "app.namespace" . }}' }, spec: { minVersion: 'VersionTLS13' } } },
    });
    const [option] = await render(helm, [base, env], { namespace: 'staging' });
    expect(option).toEqual({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'TLSOption',
      metadata: { name: 'pg', namespace: 'staging' },
      spec: { alpnProtocols: ['postgresql'], minVersion: 'VersionTLS13' },
    });
  });

  it('splits multi-document strings and skips the blank documents a false condition leaves', async () => {
    const entry = `---\n${configMap('one')}---\n{{- if .Values.withTwo }}\n${configMap('two')}{{- end }}\n---\n${configMap('three')}`;
    expect(names(await render(helm, [values({ withTwo: true, customResources: [entry] })]))).toEqual(['one', 'two', 'three']);
    expect(names(await render(helm, [values({ withTwo: false, customResources: [entry] })]))).toEqual(['one', 'three']);
  });

  it('skips null, empty and blank entries: an env file removes a base map entry with null', async () => {
    const base = values({ customResourcesMap: { keep: configMap('keep'), drop: configMap('drop') } });
    const env = values({ customResourcesMap: { drop: null, blank: '  \n', empty: {} }, customResources: [null, ''] });
    expect(names(await render(helm, [base, env]))).toEqual(['keep']);
  });

  it('emits verbatim entries without tpl, keeping their own {{ }}', async () => {
    const rule =
      'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: pg-alerts\nspec:\n  groups:\n' +
      '    - name: pg\n      rules:\n        - alert: PostgresDown\n          expr: pg_up == 0\n' +
      '          annotations:\n            summary: "{{ $labels.instance }} is down"\n';
    const [object] = await render(helm, [values({ customResourcesMap: { alerts: { verbatim: rule } } })]);
    expect(object.spec).toMatchObject({ groups: [{ rules: [{ annotations: { summary: '{{ $labels.instance }} is down' } }] }] });
  });

  it('gives byte-identical output on every run, for a map of 20 entries of one kind', async () => {
    const map = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`route-${String(i).padStart(2, '0')}`, configMap(`cm-${i}`)]));
    const text = values({ customResourcesMap: map, customResources: [configMap('first')] });
    const outputs = new Set<string>();
    for (let run = 0; run < 10; run++) outputs.add((await template(helm, [text])).stdout);
    expect(outputs.size).toBe(1);
    const objects = manifests([...outputs][0]);
    expect(names(objects)).toEqual([
      'first',
      ...Object.keys(map)
        .sort()
        .map((k) => map[k].match(/name: (\S+)/)![1]),
    ]);
  });

  describe('fails, printing nothing, with a message naming the entry', () => {
    const cases: [string, unknown, RegExp][] = [
      [
        'bad YAML',
        { customResources: [configMap('ok'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n name: x\n  bad: indent\n'] },
        /customResources\[1\]: is not valid YAML: line \d+/,
      ],
      [
        'a YAML list',
        { customResourcesMap: { listy: '- apiVersion: v1\n- kind: ConfigMap\n' } },
        /customResourcesMap\.listy: is a YAML list/,
      ],
      [
        'a plain scalar',
        { customResourcesMap: { word: 'just some text' } },
        /customResourcesMap\.word: is a plain value \("just some text/,
      ],
      ['a number entry', { customResourcesMap: { num: 42 } }, /customResourcesMap(\.|\/)num/],
      ['a list entry', { customResources: [['a', 'b']] }, /customResources(\.|\/)0/],
      ['no apiVersion', { customResources: ['kind: ConfigMap\nmetadata:\n  name: x\n'] }, /customResources\[0\]: has no apiVersion/],
      ['no kind', { customResourcesMap: { k: 'apiVersion: v1\nmetadata:\n  name: x\n' } }, /customResourcesMap\.k: has no kind/],
      [
        'no metadata.name',
        { customResourcesMap: { nameless: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n' } },
        /customResourcesMap\.nameless: has no metadata\.name/,
      ],
      [
        'an object without kind',
        { customResourcesMap: { o: { apiVersion: 'v1', metadata: { name: 'x' } } } },
        /customResourcesMap\.o: has no kind/,
      ],
      [
        'a kind that is not a string',
        { customResourcesMap: { n: { apiVersion: 'v1', kind: 1, metadata: { name: 'x' } } } },
        /customResourcesMap\.n: has no kind\. Every manifest needs apiVersion, kind and metadata\.name \(all strings\)/,
      ],
      [
        'two entries rendering one object',
        { customResources: [configMap('same')], customResourcesMap: { again: configMap('same') } },
        /customResources\[0\] and customResourcesMap\.again both render ConfigMap same in namespace prod/,
      ],
      [
        'an entry colliding with the chart Service',
        { service: { enabled: true }, customResourcesMap: { svc: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: demo-prod\n' } },
        /the chart's Service \(service\.enabled\) and customResourcesMap\.svc both render Service demo-prod/,
      ],
      [
        'an undefined helper',
        { customResourcesMap: { route: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "app.nmae" . }}\n' } },
        /execution for "\{\{\/\* customResourcesMap\.route \*\/\}\}[\s\S]*executing "gotpl" at <include "app\.nmae" \.>/,
      ],
      [
        'a template syntax error',
        { customResources: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.x }\n'] },
        /cannot parse template "\{\{\/\* customResources\[0\] \*\/\}\}/,
      ],
      [
        'a nil pointer in a template',
        { customResources: ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.a.b.c }}\n'] },
        /execution for "\{\{\/\* customResources\[0\] \*\/\}\}[\s\S]*executing "gotpl" at <\.Values\.a\.b\.c>: nil pointer/,
      ],
      [
        'a broken second document',
        { customResources: [`${configMap('one')}---\nkind: [\n`] },
        /customResources\[0\] \(document 2 of 2\): is not valid YAML/,
      ],
      [
        'an explicitly empty document',
        { customResources: [`${configMap('one')}---\n{}\n`] },
        /customResources\[0\] \(document 2 of 2\): is an empty manifest/,
      ],
      [
        'a verbatim entry with other keys',
        { customResourcesMap: { v: { verbatim: configMap('v'), kind: 'ConfigMap' } } },
        /customResourcesMap(\.|\/)v/,
      ],
    ];
    it.each(cases)('%s', async (_name, input, message) => {
      const result = await template(helm, [values(input)]);
      expect(result.exitCode).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    });
  });
});

describe('Helm 3 and Helm 4 agree', () => {
  it('render custom resources byte for byte alike', async () => {
    const text = values({
      captain_domain: 'example.com',
      customResources: [configMap('a'), `${configMap('b')}---\n${configMap('c')}`],
      customResourcesMap: {
        x: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { k: '{{ .Values.captain_domain }}' } },
      },
    });
    const [three, four] = await Promise.all(HELMS.map((h) => template(h, [text])));
    expect(three.exitCode).toBe(0);
    expect(three.stdout).toBe(four.stdout);
  });
});

// The helpers a values file may use in its templates (chart/templates/_public.tpl): the chart's own app.* ones and
// the GlueOps app chart's chart.* names, written the two ways GlueOps-style entries write them.
describe.each(HELMS)('helpers for custom resources under Helm %i', (helm) => {
  const chartVersion = /^version: (.+)$/m.exec(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'))![1];
  const entry = (name: string, body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${body}`;
  const common = { appVersion: '1.2.3', teamOwner: 'platform', commonLabels: { tier: 'backend' }, commonAnnotations: { owner: 'team-a' } };

  it('label an object as the chart labels its own, with | indent 4 after the key as with | nindent 4', async () => {
    const objects = await render(helm, [
      values({
        ...common,
        deployment: { enabled: true },
        customResourcesMap: {
          indented: entry(
            'indented',
            '  labels:\n    {{- include "chart.commonLabels" . | indent 4 }}\n  annotations:\n    {{- include "chart.commonAnnotations" . | indent 4 }}\n',
          ),
          nindented: entry(
            'nindented',
            '  labels: {{- include "chart.commonLabels" . | nindent 4 }}\n  annotations: {{- include "chart.commonAnnotations" . | nindent 4 }}\n',
          ),
          own: entry('own', '  labels: {{- include "app.labels" . | nindent 4 }}\n'),
        },
      }),
    ]);
    const labels = find(objects, 'Deployment')!.metadata.labels;
    expect(labels).toMatchObject({
      'app.kubernetes.io/name': 'demo-prod',
      'app.kubernetes.io/version': '1.2.3',
      'app.kubernetes.io/teamowner': 'platform',
      tier: 'backend',
    });
    for (const name of ['indented', 'nindented', 'own']) expect(find(objects, 'ConfigMap', name)!.metadata.labels).toEqual(labels);
    const annotations = { 'helm.sh/chart': `app-chart-${chartVersion}`, owner: 'team-a' };
    expect(find(objects, 'ConfigMap', 'indented')!.metadata.annotations).toEqual(annotations);
    expect(find(objects, 'ConfigMap', 'nindented')!.metadata.annotations).toEqual(annotations);
  });

  it('give the app labels (with a suffixName as GlueOps jobs give it), selector labels, names, port and version', async () => {
    const objects = await render(helm, [
      values({
        ...common,
        appPort: 9090,
        serviceAccount: { name: 'runner' },
        customResources: [
          entry('app', '  labels:\n    {{- include "chart.appLabels" . | indent 4 }}\n'),
          entry(
            'suffixed',
            '  labels:\n    {{- include "chart.appLabels" (merge (dict "suffixName" "migrate") (deepCopy $)) | indent 4 }}\n',
          ),
          entry('selector', '  labels:\n    {{- include "app.selectorLabels" . | nindent 4 }}\n'),
          entry(
            'facts',
            'data:\n  chart: {{ include "chart.name" . }}\n  account: {{ include "chart.serviceAccountName" . }}\n  port: {{ include "app.port" . | quote }}\n  version: {{ include "app.version" . | quote }}\n',
          ),
        ],
      }),
    ]);
    const app = { 'app.kubernetes.io/name': 'demo-prod', 'app.kubernetes.io/version': '1.2.3', 'app.kubernetes.io/instance': 'demo-prod' };
    expect(find(objects, 'ConfigMap', 'app')!.metadata.labels).toEqual(app);
    expect(find(objects, 'ConfigMap', 'suffixed')!.metadata.labels).toEqual({ ...app, 'app.kubernetes.io/name': 'demo-prod-migrate' });
    expect(find(objects, 'ConfigMap', 'selector')!.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'demo-prod',
      'app.kubernetes.io/instance': 'demo-prod',
    });
    expect(find(objects, 'ConfigMap', 'facts')!.data).toEqual({
      chart: `app-chart-${chartVersion}`,
      account: 'runner',
      port: '9090',
      version: '1.2.3',
    });
  });
});
