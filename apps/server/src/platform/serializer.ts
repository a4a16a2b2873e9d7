/**
 * How answers become JSON. Each route's zod response schema is turned into JSON schema by the
 * conversion that writes the OpenAPI document (`jsonSchemaTransform`), and fast-json-stringify
 * compiles a serialiser from it once per route and status: production pays for serialisation
 * only, not for running zod on every answer.
 *
 * fast-json-stringify trusts its input: it drops properties the schema does not name and coerces
 * a value of the wrong type (a number where a string is declared, `null` into `""`). So the
 * tests (`createTestApp`) build the app with `checkResponses`: every answer is then also parsed
 * by its zod schema (an answer the contract does not allow is a 500, which fails the test), and
 * the fast serialiser's JSON must say exactly what zod's parse of the answer says — which catches
 * a schema that fast-json-stringify reads differently from zod (a default, a union, a transform).
 */
import { isDeepStrictEqual } from "node:util";
import type { FastifySerializerCompiler } from "fastify";
import fastJson from "fast-json-stringify";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { z } from "zod";

type Serialize = (data: unknown) => string;

/** The OpenAPI version of the published document: the JSON schema dialect (nullable: true) follows it. */
const OPENAPI_VERSION = "3.0.3";

/** The JSON schema of one zod response schema, as the OpenAPI document publishes it. */
export function responseJsonSchema(schema: z.ZodType, url = "/"): Record<string, unknown> {
  const input = { schema: { response: { "200": schema } }, url, route: { url, method: "GET" }, openapiObject: { openapi: OPENAPI_VERSION } };
  const { schema: converted } = jsonSchemaTransform(input as unknown as Parameters<typeof jsonSchemaTransform>[0]);
  const json = (converted as { response: Record<string, Record<string, unknown>> }).response["200"]!;
  // A schema registered as a named component comes back as a $ref, which the serialiser cannot follow.
  if (JSON.stringify(json).includes('"$ref"')) throw new Error(`The response schema of ${url} refers to a named component; response schemas must be inline.`);
  return json;
}

/** Compiles the serialiser of one response schema; with `check`, it also enforces the schema (tests). */
export function compileSerializer(schema: z.ZodType, opts: { check: boolean; label?: string } = { check: false }): Serialize {
  const stringify = fastJson(responseJsonSchema(schema, opts.label) as unknown as Parameters<typeof fastJson>[0]) as Serialize;
  if (!opts.check) return stringify;
  const label = opts.label ?? "an answer";
  return (data) => {
    const parsed = z.safeParse(schema, data);
    if (!parsed.success) throw new ResponseContractError(`${label} does not match its response schema: ${z.prettifyError(parsed.error)}`);
    const json = stringify(data);
    const expected: unknown = JSON.parse(JSON.stringify(parsed.data));
    if (!isDeepStrictEqual(JSON.parse(json), expected)) {
      throw new ResponseContractError(`${label}: the fast serialiser wrote ${json.slice(0, 500)} where the schema reads ${JSON.stringify(expected).slice(0, 500)}`);
    }
    return json;
  };
}

/** An answer its route's contract does not allow (raised only when responses are checked). */
export class ResponseContractError extends Error {
  override name = "ResponseContractError";
}

/** Fastify's serializer compiler: one compiled serialiser per route and status. */
export function serializerCompiler(opts: { check: boolean }): FastifySerializerCompiler<unknown> {
  return ({ schema, method, url, httpStatus }) => {
    if (!(schema instanceof z.ZodType)) throw new Error(`${method} ${url} declares a response schema that is not a zod schema.`);
    return compileSerializer(schema, { check: opts.check, label: `${method} ${url} → ${httpStatus}` });
  };
}
