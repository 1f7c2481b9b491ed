// A chart's values schema as the toolkit reads it, for lint's checks and for explaining Helm's schema errors: the
// fullest file the chart ships, read and parsed once per chart and process.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JSONSchema7 } from 'json-schema';
import { bundledChartDir } from './install.ts';

/**
 * The fullest values schema a chart has: values.editor.schema.json where the chart ships one (this chart does: its
 * values.schema.json is the same rules without descriptions, for Helm's speed), else values.schema.json.
 */
export function chartSchemaFile(chartDir: string): string {
  const editors = join(chartDir, 'values.editor.schema.json');
  return existsSync(editors) ? editors : join(chartDir, 'values.schema.json');
}

const schemaTexts = new Map<string, string>();
/** The text of a chart's values schema (chartSchemaFile); '' for a chart without one. */
export function schemaText(chartDir: string): string {
  let text = schemaTexts.get(chartDir);
  if (text === undefined) {
    const file = chartSchemaFile(chartDir);
    text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    schemaTexts.set(chartDir, text);
  }
  return text;
}

const schemas = new Map<string, JSONSchema7>();
/** A chart's values schema (chartSchemaFile); a chart without one accepts any values. Throws on a file that is not JSON. */
export function chartSchema(chartDir = bundledChartDir): JSONSchema7 {
  let schema = schemas.get(chartDir);
  if (!schema) {
    const text = schemaText(chartDir);
    schema = text ? (JSON.parse(text) as JSONSchema7) : {};
    schemas.set(chartDir, schema);
  }
  return schema;
}
