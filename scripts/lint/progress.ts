// A progress bar on stderr while apps render, shown only when stderr is a terminal.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, verb = 'linting'): Progress | undefined {
  if (!stream.isTTY) return undefined;
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${verb} [{bar}] {value}/{total} apps × envs {label}`,
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    linewrap: false,
  });
  let started = false;
  return {
    update(done, total, label) {
      if (!started) {
        bar.start(total, done, { label });
        started = true;
      } else bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Runs `work` with a progress bar on stderr (on a terminal only), stopped however `work` ends. */
export async function withProgress<T>(
  verb: string,
  work: (onProgress: (done: number, total: number, label: string) => void) => Promise<T>,
): Promise<T> {
  const progress = progressBar(process.stderr, verb);
  try {
    return await work((done, total, label) => progress?.update(done, total, label));
  } finally {
    progress?.stop();
  }
}
