// The report schema (schema/report.schema.json, generated from the catalog) as an Ajv
// validator, formats (date-time, ipv4, ipv6) included.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const schema = JSON.parse(readFileSync(path.join(root, 'schema/report.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

/** Validates a report; returns Ajv's errors, empty when it is valid. */
export function schemaErrors(report) {
  const validate = ajv.compile(schema);
  return validate(report) ? [] : validate.errors;
}
