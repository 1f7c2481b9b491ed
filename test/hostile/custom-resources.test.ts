// Custom resource entries written to fool the chart: values that look like templates, "<no value>", entries
// that try to leave their tpl, keys that break the "# <entry>" line; and hosts built from an unset
// captain_domain. Each under Helm 3 and Helm 4.
import { describe, expect, it } from 'vitest';
import { HELMS, manifests, template, toValuesYaml } from '../helpers.ts';

const configMap = (name: string, data = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${data}`;

describe.each(HELMS)('under Helm %i', (helm) => {
  const rendered = async (values: unknown) => {
    const result = await template(helm, [toValuesYaml(values)], { release: 'rel', namespace: 'prod' });
    expect(result.stderr).toBe('');
    return manifests(result.stdout);
  };
  const refused = async (values: unknown, message: RegExp) => {
    const result = await template(helm, [toValuesYaml(values)], { release: 'rel', namespace: 'prod' });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  };

  it('never reads a substituted value again: a captain_domain, appName or namespace that looks like a template stays text', async () => {
    const [object] = await rendered({
      captain_domain: '{{ include "app.name" . }}',
      appName: '{{ .Release.Name }}',
      namespaceOverride: 'ns',
      customResourcesMap: {
        d: configMap('x', "data:\n  d: '{{ .Values.captain_domain }}'\n  n: '{{ include \"app.name\" . }}'\n  r: '{{ .Release.Name }}'\n"),
      },
    });
    expect(object.data).toEqual({ d: '{{ include "app.name" . }}', n: '{{ .Release.Name }}', r: 'rel' });
  });

  it('renders an entry that defines its own template, as tpl does', async () => {
    const [object] = await rendered({ customResources: [`{{ define "own" }}mine{{ end }}${configMap('{{ include "own" . }}')}`] });
    expect(object.metadata.name).toBe('mine');
  });

  it('gives an entry no way out of its tpl: an "{{ end }}" is a syntax error, as in tpl', async () => {
    await refused(
      { customResourcesMap: { escape: `{{ end }}${configMap('escaped')}{{ define "y" }}` } },
      /cannot parse template "\{\{\/\* customResourcesMap\.escape \*\/\}\}.*unexpected \{\{end\}\}/,
    );
  });

  it("keeps what an entry defines inside it: a helper it redefines is its own, other entries see the chart's", async () => {
    const objects = await rendered({
      customResources: [
        `{{ define "app.name" }}hijacked{{ end }}${configMap('one-{{ include "app.name" . }}')}`,
        configMap('two-{{ include "app.name" . }}'),
      ],
    });
    expect(objects.map((o) => o.metadata.name)).toEqual(['one-hijacked', 'two-rel']);
  });

  it('refuses "<no value>" in an entry, which Helm would delete after the checks: no two objects emitted as one', async () => {
    await refused(
      { customResourcesMap: { a: configMap('web'), b: configMap('web<no value>') } },
      /customResourcesMap\.b: holds the text "<no value>", which Helm deletes/,
    );
    await refused({ customResources: [{ verbatim: configMap('web<no value>') }] }, /customResources\[0\]: holds the text "<no value>"/);
  });

  it('renders a value holding "<no value>" as tpl does (the text deleted), so an empty name is refused', async () => {
    await refused(
      { appName: '<no value>', customResourcesMap: { a: configMap('\'{{ include "app.name" . }}\'') } },
      /customResourcesMap\.a: has no metadata\.name/,
    );
    await refused(
      { captain_domain: '<no value>', customResourcesMap: { a: configMap("'{{ .Values.captain_domain }}'") } },
      /customResourcesMap\.a: builds a host from \{\{ \.Values\.captain_domain \}\}, but captain_domain is not set/,
    );
  });

  it('refuses a map key that would break the "# <entry>" line, naming the key', async () => {
    const injected = `x\n---\n${configMap('smuggled')}`;
    await refused(
      { customResourcesMap: { [injected]: configMap('ok') } },
      /customResourcesMap: the key "x\\n---\\napiVersion.*holds a line break/,
    );
    await refused({ customResourcesMap: { 'a<no value>': configMap('ok') } }, /the key "a<no value>" holds/);
    // YAML reads U+2028 (and U+0085, U+2029) as a line break too: the "# <entry>" line would end inside the key
    await refused({ customResourcesMap: { 'a\u2028kind: Secret': configMap('ok') } }, /the key "a\\u2028kind: Secret" holds a line break/);
  });

  it('checks every document Helm will emit: a "---" with text after it starts one, as Helm splits its output', async () => {
    const binding = '--- {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: {name: smuggled}}\n';
    const result = await template(helm, [toValuesYaml({ customResourcesMap: { x: { verbatim: `${configMap('a')}${binding}` } } })], {
      release: 'rel',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      '# customResourcesMap.x (document 2 of 2)\n{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding',
    );
    await refused(
      { customResources: [`${configMap('same')}--- !!map\n${configMap('same')}`] },
      /customResources\[0\] \(document 1 of 2\) and customResources\[0\] \(document 2 of 2\) both render ConfigMap same/,
    );
    await refused(
      { customResources: [`${configMap('a')}---kind: Secret\n`] },
      /customResources\[0\] \(document 2 of 2\): has no apiVersion, metadata\.name/,
    );
  });

  it('names an entry whose key looks like a comment end', async () => {
    await refused(
      { customResourcesMap: { 'x*/}}{{ end': configMap('{{ .Values.a.b }}') } },
      /execution for "\{\{\/\* customResourcesMap\.x\* \/\}\}\{\{ end \*\/\}\}.*nil pointer/,
    );
  });

  describe('captain_domain', () => {
    const host = '{{ include "app.name" . }}.apps.{{ .Values.captain_domain }}';
    const ingress = (hostname: string) => ({
      image: { repository: 'nginx', tag: '1.27', port: 80 },
      service: { enabled: true },
      ingress: { enabled: true, entries: [{ name: 'public', hosts: [{ hostname }] }] },
    });

    it('builds hosts when it is set', async () => {
      const objects = await rendered({ ...ingress(host), captain_domain: 'apps.example.com' });
      expect(JSON.stringify(objects)).toContain('rel.apps.apps.example.com');
    });

    it.each([
      ['unset', {}],
      ['empty', { captain_domain: '' }],
      ['null', { captain_domain: null }],
    ])('fails an Ingress host built from it when it is %s, naming the host', async (_name, domain) => {
      await refused(
        { ...ingress(host), ...domain },
        /ingress\.entries\[0\]\.hosts\[0\]\.hostname: builds a host from \{\{ \.Values\.captain_domain \}\}, but captain_domain is not set/,
      );
    });

    it('fails a custom resource built from it when it is unset, naming the entry', async () => {
      await refused(
        { customResourcesMap: { route: configMap('r', `data:\n  host: ${host}\n`) } },
        /customResourcesMap\.route: builds a host from \{\{ \.Values\.captain_domain \}\}/,
      ); // empty, as an env file blanks it: refused alike, not rendered as "rel.apps."
      await refused(
        { captain_domain: '', customResourcesMap: { route: configMap('r', `data:\n  host: ${host}\n`) } },
        /customResourcesMap\.route: builds a host from \{\{ \.Values\.captain_domain \}\}/,
      );
      // spelled with $ and both whitespace trims: the same host, refused alike
      await refused(
        { customResourcesMap: { route: configMap('r', 'data:\n  host: web.apps.{{- $.Values.captain_domain -}}\n') } },
        /customResourcesMap\.route: builds a host from \{\{ \.Values\.captain_domain \}\}/,
      );
    });

    it('lets a template that handles the unset case itself render', async () => {
      const [object] = await rendered({
        customResourcesMap: { route: configMap('r', 'data:\n  host: {{ .Values.captain_domain | default "fallback.example" }}\n') },
      });
      expect(object.data).toEqual({ host: 'fallback.example' });
    });
  });
});
