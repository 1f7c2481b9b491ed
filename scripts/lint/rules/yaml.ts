// Rules about how a values file is written; the parser (../yaml.ts) reports them while it reads the file.
import type { RuleDef } from './rule.ts';

export const yamlSyntax = {
  id: 'yaml-syntax',
  severity: 'error',
  family: 'yaml',
  summary:
    "The file is not valid YAML, is not a map of keys, holds several documents, or holds what Helm's reader refuses: a null " +
    'or list key, .inf or .nan, a tag that does not fit its value, an alias to no anchor, a "<<" of something other than ' +
    'maps, or aliases that expand too far.',
  why:
    'Helm stops at the first file it cannot read, so nothing of the app renders. A "---" line is worse: Helm 3 reads only the ' +
    'first document and Helm 4 merges them all.',
  fix: 'Correct the YAML at the line shown (indentation, a missing colon, an unclosed quote); keep one document per values file.',
  messages: {
    parser: '{problem}: fix the YAML here',
    documents:
      'a values file holds one document, but this one has a "---" line: Helm 3 reads only the first document and Helm 4 ' +
      'merges them. Remove the "---"',
    unclosedDouble: 'a double quote opened here is never closed: close it on this line',
    unclosedSingle: 'a single quote opened here is never closed: close it on this line',
    notAMap: 'a values file must be a map of keys (key: value); this one is a list or a single value',
    controlCharacter: 'a control character ({code}) that Helm refuses: remove it, or write it as an escape inside double quotes',
    hiddenLineBreak:
      'a {code} character, which Helm reads as a line break though editors show it inside the line: what follows it is read ' +
      'as a line of its own. Replace it with a real line break, or remove it',
    notFinitePlain: 'Helm cannot read {text}: a values file holds no infinity or not-a-number. Quote it ("{text}") for the text',
    notFiniteTagged: 'Helm cannot read {text}: a values file holds no infinity or not-a-number',
    badBinary: 'this !!binary value is not valid base64, so Helm cannot read the file',
    tagMismatch: 'Helm cannot read !!{wanted} {text}: the text is {is}. Remove the tag, or write {instead}',
    nullKey: 'a map key that is empty or null: Helm cannot read the file. Write the key, or quote it ("null":)',
    collectionKey: 'a map key that is a list or a map: Helm cannot read the file. Write a plain key',
    emptyKey: 'a map key that is empty: Helm cannot read the file. Write the key',
    noAnchor: 'the alias *{name} refers to no anchor &{name} written before it',
    selfAlias: 'the anchor &{name} holds an alias to itself',
    mergeNotMaps:
      '"<<" merges maps: its value must be a map, an alias of one (<<: *base) or a list of them. Helm refuses the file with ' +
      '"map merge requires map or sequence of maps as the value"',
    excessiveAliasing:
      'its aliases expand to more than Helm reads ({aliased} of {decoded} values come from aliases): Helm refuses the file ' +
      'with "document contains excessive aliasing". Write the values out, or use fewer aliases',
  },
  example: {
    values: `image:
  tag: "1.0.0        # the quote is never closed
deployment:
  replicas: 2
`,
  },
} satisfies RuleDef;

export const yamlDuplicateKey = {
  id: 'yaml-duplicate-key',
  severity: 'error',
  family: 'yaml',
  summary: 'A key written twice in the same map, including keys that only Helm reads as the same (on and yes both become "true").',
  why: 'Helm silently keeps the last one, so the first is a setting that does nothing.',
  fix: 'Delete one of the two, or merge their contents.',
  messages: {
    duplicate: 'key "{written}" is also written at line {line}; Helm keeps only this one: delete one of them',
    sameToHelm:
      'key "{written}" is also written at line {line} (both are the key "{key}" to Helm); Helm keeps only this one: delete one of them',
  },
  example: {
    values: `service:
  enabled: true
  type: ClusterIP
  type: LoadBalancer
`,
  },
} satisfies RuleDef;

export const yamlTab = {
  id: 'yaml-tab',
  severity: 'error',
  family: 'yaml',
  summary: "A line indented with a tab, in the file or inside a custom resource's text.",
  why:
    'YAML allows only spaces for indentation; Helm fails on the file ("found character that cannot start any token"), or on the ' +
    'custom resource when it parses its text.',
  fix: 'Replace the tab with spaces (set your editor to insert spaces for YAML).',
  messages: {
    tab: 'a tab in the indentation: YAML indents with spaces only; replace the tab with spaces',
  },
  example: {
    values: `deployment:
	replicas: 2
`,
  },
} satisfies RuleDef;

export const yamlBooleanKey = {
  id: 'yaml-boolean-key',
  severity: 'error',
  family: 'yaml',
  summary: 'A key Helm reads as a boolean (on, off, yes, no, y, n, in any case YAML 1.1 lists).',
  why: 'Helm reads values with YAML 1.1 rules: the key `on:` becomes "true", so the setting lands under another name.',
  fix: 'Quote the key ("on":).',
  messages: {
    booleanKey: 'Helm reads the key {source} as the boolean {value} (the key "{value}"): quote it, "{source}":',
  },
  example: {
    values: `deployment:
  enabled: true
  nodeSelector:
    on: spot
`,
  },
} satisfies RuleDef;

export const yamlBooleanValue = {
  id: 'yaml-boolean-value',
  severity: 'warn',
  family: 'yaml',
  summary: 'An unquoted yes, no, on, off, y or n as a value.',
  why:
    'YAML 1.2 editors show it as text, but Helm reads a boolean: an env variable `value: no` becomes "false", a label value ' +
    'fails the schema.',
  fix: 'Write true or false for a boolean; quote the word ("no") for text.',
  messages: {
    booleanValue: 'Helm reads {source} as the boolean {value}: write {value} if you mean a boolean, or "{source}" in quotes for the text',
  },
  example: {
    values: `deployment:
  enabled: true
  envVariables:
    - name: FEATURE_X
      value: on
`,
  },
} satisfies RuleDef;

export const yamlOctal = {
  id: 'yaml-octal',
  severity: 'warn',
  family: 'yaml',
  summary: 'An unquoted number with a leading zero, such as 010 (keys ending in "mode", like defaultMode: 0644, are exempt).',
  why: 'Helm reads it as an octal number: 010 is 8.',
  fix: 'Drop the leading zero for a decimal number, or quote it ("010") for text.',
  messages: {
    octal: 'Helm reads {source} as the octal number {value}: write {decimal} for the decimal number, or "{source}" in quotes for the text',
  },
  example: {
    values: `image:
  repository: ghcr.io/example/api
  tag: 010
`,
  },
} satisfies RuleDef;

export const yamlVersionNumber = {
  id: 'yaml-version-number',
  severity: 'warn',
  family: 'yaml',
  summary: 'An unquoted version-like number that does not survive as written, such as 1.10 or 2.0.',
  why: 'Helm reads it as a float, so 1.10 renders as "1.1" and 2.0 as "2": the wrong image tag or version.',
  fix: 'Quote it: "1.10".',
  messages: {
    number: 'Helm reads {source} as the number {value}, so it renders as "{value}": quote it, "{source}"',
  },
  example: {
    values: `image:
  repository: ghcr.io/example/api
  tag: 1.10
`,
  },
} satisfies RuleDef;

export const pathUnreadable = {
  id: 'path-unreadable',
  severity: 'error',
  family: 'yaml',
  summary:
    'A values file, app or env folder lint cannot read: a folder or other non-file where a values file belongs, no ' +
    'permission, or a symbolic link that leaves the repo, leads nowhere or loops.',
  why:
    'Helm cannot read it either (or, through a link out of the repo, reads what the repo does not hold), so the app does not ' +
    'render as the repo says. Links inside the repo are followed.',
  fix: 'Make it a regular file or folder inside the repo, or a link to one.',
  messages: {
    folder: 'a folder where a values file belongs: make it a YAML file',
    notAFile: 'not a regular file where a values file belongs: make it a YAML file',
    cannotRead: 'cannot be read: {error}',
    outsideRepo: '{path} {problem}: make it a folder or file inside the repo, or remove it',
    linkOutsideRepo: '{path} {problem}: make it a file inside the repo',
  },
  example: { values: ``, link: '/etc/passwd' },
} satisfies RuleDef;

export const inputLimit = {
  id: 'input-limit',
  severity: 'error',
  family: 'yaml',
  summary:
    'A values file or a rendered object beyond what lint reads: larger than 5 MB, or nested deeper than 256 levels ' +
    '(APP_CHART_YAML_MAX_SIZE, APP_CHART_YAML_MAX_DEPTH).',
  why:
    'Lint runs on pull requests from anyone: a file built to exhaust memory or the stack must be refused, not read. No ' +
    'hand-written values file comes near these limits.',
  fix: 'Split or flatten the file; if the limit is too low for a real file, raise it with the environment variable named.',
  messages: {
    fileSize:
      '{size} MB: larger than the {limit} MB lint reads of a values file (APP_CHART_YAML_MAX_SIZE, in megabytes). Split it, ' +
      'or raise the limit',
    textSize: 'larger than the {limit} MB lint reads of a values file (APP_CHART_YAML_MAX_SIZE, in megabytes)',
    depth:
      'nested more than {depth} levels deep here, deeper than lint reads (APP_CHART_YAML_MAX_DEPTH; Helm reads 10000). No ' +
      'values file needs this; flatten it',
    renderedUnreadable: '{source}: lint cannot check what it rendered: {problem}',
  },
  example: {
    values: `# nested 300 levels deep: deeper than lint (and Helm) read
x: ${'['.repeat(300)}${']'.repeat(300)}
`,
  },
} satisfies RuleDef;

export const yamlRules: RuleDef[] = [
  yamlSyntax,
  yamlDuplicateKey,
  yamlTab,
  yamlBooleanKey,
  yamlBooleanValue,
  yamlOctal,
  yamlVersionNumber,
  pathUnreadable,
  inputLimit,
];
