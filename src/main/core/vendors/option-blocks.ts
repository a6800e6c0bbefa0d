import { z } from 'zod';
/** JSON Schemas (draft 2020-12) for monaco-yaml: descriptions become hovers, enums and defaults completions. */
export function optionBlockJsonSchemas(blocks: Record<string, z.ZodObject>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(blocks).map(([key, schema]) => [key, { ...z.toJSONSchema(schema, { io: 'input' }) }]),
  );
}

/**
 * The option block as a stage param: every key optional, and parsing returns only what the user wrote
 * (the vendor defaults are kept as JSON-Schema `default` annotations for the editor, not applied), so an
 * older toolkit never receives a keyword it does not know. Enums and descriptions stay in the schema.
 */
export function asGiven<T extends z.ZodObject>(schema: T): z.ZodType<Partial<z.output<T>>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      const f = field as z.ZodType;
      if (!(f instanceof z.ZodDefault)) return [key, f.optional()];
      const meta: Record<string, unknown> = { default: f.def.defaultValue };
      if (f.description) meta.description = f.description;
      return [key, (f.unwrap() as z.ZodType).optional().meta(meta)];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodType<Partial<z.output<T>>>;
}
