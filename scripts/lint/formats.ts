// The output formats of app-chart lint, apart from lint itself: the command line lists them without loading lint.
export const FORMATS = ['text', 'json', 'github', 'sarif'] as const;

export type LintFormat = (typeof FORMATS)[number];

/**
 * The --format a lint command line asks for, read before commander parses it (for errors commander reports): the
 * last one given, as commander takes it.
 */
export function requestedFormat(argv: string[]): LintFormat {
  const at = argv.reduce((last, arg, i) => (arg === '--format' || arg.startsWith('--format=') ? i : last), -1);
  const value = at < 0 ? undefined : argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
  return (FORMATS as readonly string[]).includes(value ?? '') ? (value as LintFormat) : 'text';
}
