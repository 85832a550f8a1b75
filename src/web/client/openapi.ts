/// <reference lib="dom" />
import { get } from './api';
import type { JsonSchema } from './schema-form';

/**
 * Request body schemas come from the API's own OpenAPI document, so the forms follow the API's
 * zod schemas without a second copy here.
 */
type Doc = {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  components?: { schemas?: Record<string, unknown> };
};

let doc: Promise<Doc> | undefined;
function openApi(): Promise<Doc> {
  doc ??= get<Doc>('/v1/openapi.json');
  return doc;
}

export async function requestSchema(path: string, method = 'post'): Promise<JsonSchema | undefined> {
  const d = await openApi();
  // Versioned paths are listed relative to the `/v1` server.
  const op = (d.paths?.[path] ?? d.paths?.[path.replace(/^\/v1(?=\/)/, '')])?.[method];
  const content = op?.requestBody?.content ?? {};
  const schema = (content['application/json'] ?? Object.values(content)[0])?.schema;
  return schema ? (resolve(d, schema, 0) as JsonSchema) : undefined;
}

function resolve(d: Doc, node: unknown, depth: number): unknown {
  if (depth > 20 || !node || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => resolve(d, n, depth + 1));
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string') {
    const name = obj.$ref.replace('#/components/schemas/', '');
    return resolve(d, d.components?.schemas?.[name], depth + 1);
  }
  // OpenAPI 3.0 nullable/allOf with one member: flatten.
  if (Array.isArray(obj.allOf) && obj.allOf.length === 1) return resolve(d, obj.allOf[0], depth + 1);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolve(d, v, depth + 1)]));
}

let taskSchemas: Promise<Record<string, JsonSchema>> | undefined;
export function completionSchema(type: string): Promise<JsonSchema | undefined> {
  taskSchemas ??= get<Record<string, JsonSchema>>('/web/task-schemas');
  return taskSchemas.then((all) => all[type]);
}
