/**
 * The HTTP application: Fastify with zod schemas, OpenAPI, one error shape, authentication of
 * every request (bearer token or session cookie + CSRF header), and the modules' routes.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyError, type FastifyReply, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from "fastify";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Logger } from "pino";
import type { Db } from "./db.js";
import type { Env } from "./env.js";
import type { Actor } from "./actor.js";
import type { ErrorCode } from "@tandem/contracts";
import { AppError } from "./errors.js";
import { DatabaseUnavailableError, RETRY_AFTER_SECONDS } from "./db-faults.js";
import { migrationFiles, pendingMigrations } from "./migrate.js";
import { metrics } from "./metrics.js";
import { systemClock, type Clock } from "./context.js";
import { drainOnClose } from "./shutdown.js";
import { securityHeaders } from "./headers.js";
import { overLimit, processCounter, rateKey, type Counter } from "./rate-limit.js";
import { safeEqual } from "./passwords.js";
import { isLoopback } from "./env.js";
import { serializerCompiler } from "./serializer.js";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    db: Db;
    env: Env;
    /** The application's clock: commands get `now` from it, once per request. */
    clock: Clock;
  }
}

export interface AppContext {
  db: Db;
  env: Env;
  logger: Logger;
  /** Tests pass a frozen or stepped clock; the server uses the system clock. */
  clock?: Clock;
  /** Where the general rate limit counts (platform/rate-limit.ts); this process's own by default. */
  rateCounter?: Counter;
  /**
   * Parse every answer with its route's zod response schema too (the tests do): an answer the
   * contract does not allow becomes a 500. Off in production, which only serialises.
   */
  checkResponses?: boolean;
  /** What `GET /metrics` serves; by default this process's counts (a clustered worker serves the whole server's). */
  metricsText?: () => Promise<string>;
}

export type App = FastifyInstance;
/** The app as routes see it: what `app.withTypeProvider<ZodTypeProvider>()` returns. */
export type RouteApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export type Authenticator = (req: import("fastify").FastifyRequest) => Promise<Actor | null>;

export async function createHttp(ctx: AppContext, authenticate: Authenticator, register: (app: RouteApp) => Promise<void> | void): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // The client's address and protocol come from X-Forwarded-For/-Proto only when the proxy sending them is listed.
    trustProxy: ctx.env.trustedProxies.length ? ctx.env.trustedProxies : false,
    // On close, requests in flight finish and get their answers (platform/shutdown.ts): only idle connections are closed at once.
    forceCloseConnections: false,
    // A request arriving once closing has started gets 503 `shutting_down` in the one error shape (platform/shutdown.ts), not Fastify's own.
    return503OnClosing: false,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
    // Errors raised before routing (an over-long or badly encoded path) get the one error shape too.
    frameworkErrors: (error, _req, reply: FastifyReply) => {
      const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      void reply.code(tooLong ? 414 : 400).send({ error: { code: tooLong ? "uri_too_long" : "bad_url", message: tooLong ? "A part of the URL is too long." : "The URL is not valid.", details: [] } });
    },
  });
  // Fastify hands a missing body to the validator as null; for zod it is undefined, so that an
  // optional body may be left out.
  app.setValidatorCompiler((route) => {
    const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    return route.httpPart === "body" ? (data: unknown) => validate(data === null ? undefined : data) : validate;
  });
  app.setSerializerCompiler(serializerCompiler({ check: ctx.checkResponses ?? false }));
  app.decorateRequest("actor", null);
  app.decorate("db", ctx.db);
  app.decorate("env", ctx.env);
  app.decorate("clock", ctx.clock ?? systemClock);
  drainOnClose(app);

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: "Tandem API",
        version: "1.0.0",
        description: "One customer, one case, one voice. Authenticate with `Authorization: Bearer <token>` from POST /api/v1/auth/login or an API token.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.addHook("onRequest", async (req, reply) => {
    reply.headers(securityHeaders(req.url));
  });
  const limit = ctx.env.rateLimit;
  if (limit > 0) {
    const count = ctx.rateCounter ?? processCounter();
    const clock = ctx.clock ?? systemClock;
    // Counted before authentication: a flood of bad tokens costs no database work.
    app.addHook("onRequest", async (req, reply) => {
      if (!req.url.startsWith("/api/")) return;
      const now = clock().getTime();
      const verdict = overLimit(limit, await count(rateKey(req), now), now);
      if (verdict.refused) {
        reply.header("retry-after", String(verdict.retryAfterSeconds));
        throw new AppError(429, "rate_limited", `Too many requests: at most ${limit} a minute. Try again in ${verdict.retryAfterSeconds} s.`);
      }
    });
  }
  app.addHook("onRequest", async (req) => {
    if (req.url.startsWith("/api/")) req.actor = await authenticate(req);
  });

  // An action whose body fields are all optional may be sent with no body at all, with or
  // without a JSON content type: an empty body is "no body", not broken JSON.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    if (body === "") done(null, undefined);
    // Fastify's own JSON parser answers through `done`; its type also allows a promise-returning parser.
    else void parseJson(req, body as string, done);
  });
  app.addHook("onResponse", async (req, reply) => {
    metrics.observeRequest(req.method, req.routeOptions.url ?? "unmatched", reply.statusCode, reply.elapsedTime);
  });

  app.setErrorHandler((error: FastifyError | AppError, req, reply) => {
    if (error instanceof DatabaseUnavailableError) {
      // Refused at once while the database is known to be down: logged when first seen, not per request.
      if (error.cause) req.log.warn({ err: error.cause }, "database unavailable");
      reply.header("retry-after", String(RETRY_AFTER_SECONDS));
    }
    if (error instanceof AppError) {
      return reply.code(error.status).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as FastifyError).validationContext ?? "body";
      const details = error.validation.map((v) => ({
        path: [where, ...v.instancePath.split("/").filter(Boolean)].join("."),
        message: v.message,
      }));
      const summary = details.slice(0, 3).map((d) => `${d.path}: ${d.message}`).join("; ");
      return reply.code(400).send({ error: { code: "validation_failed", message: `The request is not valid. ${summary}`, details } });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if (status < 500) {
      const code = FASTIFY_CODES[(error as FastifyError).code] ?? (status === 404 ? "not_found" : "bad_request");
      return reply.code(status).send({ error: { code, message: cleanMessage(error.message), details: [] } });
    }
    req.log.error({ err: error }, "request failed");
    return reply.code(500).send({ error: { code: "internal_error", message: `Something went wrong on our side. Reference: ${req.id}`, details: [] } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: "not_found", message: `No route for ${req.method} ${req.url.split("?")[0]}.`, details: [] } });
  });

  // Liveness: the process answers. It does not touch the database, so an outage does not get
  // a healthy process restarted.
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  // Readiness: the database answers and its schema is this version's; send traffic elsewhere until then.
  app.get("/readyz", { schema: { hide: true } }, async (req, reply) => {
    try {
      const pending = await pendingMigrations(ctx.db);
      if (pending.length) return reply.code(503).send({ status: "unavailable", reason: "migrations_pending", pending });
      return { status: "ready", database: ctx.db.kind, migrations: migrationFiles().length };
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) req.log.error({ err: error }, "readiness check failed");
      return reply.code(503).send({ status: "unavailable", reason: "database_unavailable" });
    }
  });
  app.get("/metrics", { schema: { hide: true } }, async (req, reply) => {
    assertMetricsAllowed(ctx.env, req);
    reply.type("text/plain; version=0.0.4").send(ctx.metricsText ? await ctx.metricsText() : metrics.render());
  });

  await app.register(async (scoped) => {
    await register(scoped.withTypeProvider<ZodTypeProvider>());
  });
  return app;
}

/**
 * /metrics answers with TANDEM_METRICS_TOKEN as a bearer token; without one set, only to this
 * machine (a loopback address, and no proxy in between: a forwarded request is someone else's).
 */
function assertMetricsAllowed(env: Env, req: import("fastify").FastifyRequest): void {
  if (env.metricsToken) {
    const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!sent || !safeEqual(sent, env.metricsToken)) throw new AppError(401, "unauthorized", "/metrics needs `Authorization: Bearer <TANDEM_METRICS_TOKEN>`.");
    return;
  }
  const address = req.ip.replace(/^::ffff:/, "");
  if (!isLoopback(address) || req.headers["x-forwarded-for"] !== undefined) {
    throw new AppError(403, "forbidden", "/metrics answers only on this machine; set TANDEM_METRICS_TOKEN to scrape it from elsewhere.");
  }
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "invalid_json",
  FST_ERR_CTP_EMPTY_JSON_BODY: "invalid_json",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "bad_request",
};

function cleanMessage(message: string): string {
  return message.replace(/^FST_\w+: /, "").slice(0, 300);
}
