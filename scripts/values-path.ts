// Values paths: the keys and indexes from the root of the values to one value, and how messages write them.
// Where a path is written in the values files is found by scripts/lint/positions.ts.

export type ValuesPath = (string | number)[];

/** "deployment.containerPorts[0].port" */
export function formatPath(path: ValuesPath): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const plain = /^[A-Za-z_$][\w$-]*$/.test(segment);
    return plain ? (text ? `${text}.${segment}` : segment) : `${text}[${JSON.stringify(segment)}]`;
  }, '');
}
