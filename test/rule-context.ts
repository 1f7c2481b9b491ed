// What a lint rule that reads rendered objects is given, made from YAML documents written in a test: no Helm.
import { defaultConfig, type LintConfig } from '../scripts/lint/config.ts';
import { parseRender } from '../scripts/lint/rendered.ts';
import type { ObjectsContext } from '../scripts/lint/rules/rule.ts';

/**
 * Rendered objects as a rule sees them, in namespace prod of app db-prod: each document (split at `---` lines) an
 * entry of the custom resources, unless it starts with `# template` (then it comes from a chart template). A
 * finding's file names the object field it points at (`at`), or `values:` and the values path (`locate`).
 */
export function objectsContext(
  documents: string,
  config: Partial<LintConfig> = {},
  merged: Record<string, unknown> = {},
  namespace = 'prod',
): ObjectsContext {
  const output = documents
    .split(/^---$/m)
    .map((doc) =>
      doc.trim().startsWith('# template')
        ? `---\n# Source: app/templates/service.yaml\n${doc.trim().replace(/^# template\n/, '')}\n`
        : `---\n# Source: app/templates/custom-resources.yaml\n# customResourcesMap.entry\n${doc.trim()}\n`,
    )
    .join('');
  return {
    config: { ...defaultConfig('/repo'), ...config },
    objects: parseRender(output, namespace).objects,
    appName: 'db-prod',
    namespace,
    at: (_object: unknown, field: (string | number)[]) => ({ file: field.join('.') }),
    locate: (path: (string | number)[]) => ({ file: `values:${path.join('.')}` }),
    merged,
    user: merged,
    platform: {},
    files: [],
  } as unknown as ObjectsContext;
}
