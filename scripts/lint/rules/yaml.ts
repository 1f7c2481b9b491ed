// Rules about how a values file is written; the parser (../yaml.ts) reports them while it reads the file.
import type { RuleDef } from './rule.ts';

export const yamlRules: RuleDef[] = [
  {
    id: 'yaml-syntax',
    severity: 'error',
    family: 'yaml',
    summary:
      'The file is not valid YAML, is not a map of keys, holds several documents, or holds what Helm\'s reader refuses: a null or list key, .inf or .nan, a tag that does not fit its value, an alias to no anchor, a "<<" of something other than maps, or aliases that expand too far.',
    why: 'Helm stops at the first file it cannot read, so nothing of the app renders. A "---" line is worse: Helm 3 reads only the first document and Helm 4 merges them all.',
    fix: 'Correct the YAML at the line shown (indentation, a missing colon, an unclosed quote); keep one document per values file.',
    example: {
      values: `image:
  tag: "1.0.0        # the quote is never closed
deployment:
  replicas: 2
`,
    },
  },
  {
    id: 'yaml-duplicate-key',
    severity: 'error',
    family: 'yaml',
    summary: 'A key written twice in the same map, including keys that only Helm reads as the same (on and yes both become "true").',
    why: 'Helm silently keeps the last one, so the first is a setting that does nothing.',
    fix: 'Delete one of the two, or merge their contents.',
    example: {
      values: `service:
  enabled: true
  type: ClusterIP
  type: LoadBalancer
`,
    },
  },
  {
    id: 'yaml-tab',
    severity: 'error',
    family: 'yaml',
    summary: "A line indented with a tab, in the file or inside a custom resource's text.",
    why: 'YAML allows only spaces for indentation; Helm fails on the file ("found character that cannot start any token"), or on the custom resource when it parses its text.',
    fix: 'Replace the tab with spaces (set your editor to insert spaces for YAML).',
    example: {
      values: `deployment:
	replicas: 2
`,
    },
  },
  {
    id: 'yaml-boolean-key',
    severity: 'error',
    family: 'yaml',
    summary: 'A key Helm reads as a boolean (on, off, yes, no, y, n, in any case YAML 1.1 lists).',
    why: 'Helm reads values with YAML 1.1 rules: the key `on:` becomes "true", so the setting lands under another name.',
    fix: 'Quote the key ("on":).',
    example: {
      values: `deployment:
  enabled: true
  nodeSelector:
    on: spot
`,
    },
  },
  {
    id: 'yaml-boolean-value',
    severity: 'warn',
    family: 'yaml',
    summary: 'An unquoted yes, no, on, off, y or n as a value.',
    why: 'YAML 1.2 editors show it as text, but Helm reads a boolean: an env variable `value: no` becomes "false", a label value fails the schema.',
    fix: 'Write true or false for a boolean; quote the word ("no") for text.',
    example: {
      values: `deployment:
  enabled: true
  envVariables:
    - name: FEATURE_X
      value: on
`,
    },
  },
  {
    id: 'yaml-octal',
    severity: 'warn',
    family: 'yaml',
    summary: 'An unquoted number with a leading zero, such as 010 (keys ending in "mode", like defaultMode: 0644, are exempt).',
    why: 'Helm reads it as an octal number: 010 is 8.',
    fix: 'Drop the leading zero for a decimal number, or quote it ("010") for text.',
    example: {
      values: `image:
  repository: ghcr.io/example/api
  tag: 010
`,
    },
  },
  {
    id: 'yaml-version-number',
    severity: 'warn',
    family: 'yaml',
    summary: 'An unquoted version-like number that does not survive as written, such as 1.10 or 2.0.',
    why: 'Helm reads it as a float, so 1.10 renders as "1.1" and 2.0 as "2": the wrong image tag or version.',
    fix: 'Quote it: "1.10".',
    example: {
      values: `image:
  repository: ghcr.io/example/api
  tag: 1.10
`,
    },
  },
  {
    id: 'path-unreadable',
    severity: 'error',
    family: 'yaml',
    summary:
      'A values file, app or env folder lint cannot read: a folder or other non-file where a values file belongs, no permission, or a symbolic link that leaves the repo, leads nowhere or loops.',
    why: 'Helm cannot read it either (or, through a link out of the repo, reads what the repo does not hold), so the app does not render as the repo says. Links inside the repo are followed.',
    fix: 'Make it a regular file or folder inside the repo, or a link to one.',
    example: { values: ``, link: '/etc/passwd' },
  },
  {
    id: 'input-limit',
    severity: 'error',
    family: 'yaml',
    summary:
      'A values file or a rendered object beyond what lint reads: larger than 5 MB, or nested deeper than 256 levels (APP_CHART_YAML_MAX_SIZE, APP_CHART_YAML_MAX_DEPTH).',
    why: 'Lint runs on pull requests from anyone: a file built to exhaust memory or the stack must be refused, not read. No hand-written values file comes near these limits.',
    fix: 'Split or flatten the file; if the limit is too low for a real file, raise it with the environment variable named.',
    example: {
      values: `# nested 300 levels deep: deeper than lint (and Helm) read
x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
`,
    },
  },
];
