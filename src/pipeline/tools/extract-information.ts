import type { ExtractedDataSink, ToolOutcome, ToolSpec } from './tool-runner.ts';

/** JSON Schema the model fills: one string property per field of the extraction schema. */
export function extractionParameters(spec: ToolSpec): Record<string, unknown> {
  const fields = spec.extraction_schema?.fields ?? [];
  return {
    type: 'object',
    properties: Object.fromEntries(
      fields.map((f) => [f.name, { type: 'string', description: f.description }]),
    ),
    required: fields.filter((f) => f.required).map((f) => f.name),
  };
}

/** extract_information: keep the schema's fields (required ones must be present) for `analysis.extracted_data`. */
export function runExtractInformation(
  spec: ToolSpec,
  args: Record<string, unknown>,
  sink: ExtractedDataSink,
): ToolOutcome {
  const fields = spec.extraction_schema?.fields ?? [];
  const missing = fields.filter(
    (f) => f.required && (args[f.name] === undefined || args[f.name] === null || args[f.name] === ''),
  );
  if (missing.length > 0)
    return { result: { error: `missing required fields: ${missing.map((f) => f.name).join(', ')}` } };
  const data: Record<string, unknown> = {};
  for (const f of fields) if (args[f.name] !== undefined) data[f.name] = args[f.name];
  sink.put(spec.name, data);
  return { result: { status: 'saved', fields: Object.keys(data) } };
}
