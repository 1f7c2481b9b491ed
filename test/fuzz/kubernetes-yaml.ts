// Rendered manifests read as Kubernetes reads them. Its YAML reader (sigs.k8s.io/yaml, on go-yaml v2 rules) takes
// some plain scalars that YAML 1.2 reads as strings for booleans and numbers: an unquoted `on`, `n` or `0777` in a
// name is not a string to the API server. The yaml library's own YAML 1.1 mode is no judge: it reads `e4` as NaN.
import { parseAllDocuments, Scalar, visit } from 'yaml';

const BOOLEAN = /^(?:y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF)$/;
const TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
/** integers YAML 1.2 leaves as strings: leading-zero octal, 0b binary, digits with underscores */
const INTEGER = /^[-+]?(?:0[0-7_]+|0b[01_]+|[0-9][0-9]*_[0-9_]*)$/;

function kubernetesValue(text: string): unknown {
  if (BOOLEAN.test(text)) return TRUE.test(text);
  if (INTEGER.test(text)) {
    const sign = text.startsWith('-') ? -1 : 1;
    const digits = text.replace(/^[-+]/, '').replaceAll('_', '');
    const number = digits.startsWith('0b')
      ? parseInt(digits.slice(2), 2)
      : digits.startsWith('0') && digits.length > 1
        ? parseInt(digits, 8)
        : parseInt(digits, 10);
    return sign * number;
  }
  return text;
}

/** The objects of rendered output, each plain scalar resolved as Kubernetes resolves it. */
export function kubernetesObjects(output: string): unknown[] {
  return parseAllDocuments(output).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0].message}`);
    visit(doc, {
      Scalar(_, node: Scalar) {
        if (node.type === Scalar.PLAIN && typeof node.value === 'string') node.value = kubernetesValue(node.value);
      },
    });
    const object = doc.toJS();
    return object === null ? [] : [object];
  });
}
