/** The OpenAPI document of a server built as `tandem serve` builds it, as the text kept in docs/openapi.json. */
import { openDb } from "../src/platform/db.js";
import { migrate } from "../src/platform/migrate.js";
import { loadEnv } from "../src/platform/env.js";
import { createLogger } from "../src/platform/logger.js";
import { buildApp } from "../src/app.js";

export async function openApiDocument(): Promise<string> {
  const db = await openDb({ databaseUrl: null, dataDir: "memory://" });
  await migrate(db); // the server's start-up hooks read their tables (interrupted imports)
  const app = await buildApp({ db, env: loadEnv({ LOG_LEVEL: "silent", TANDEM_DEMO: "off" }), logger: createLogger("silent") });
  try {
    await app.ready();
    const res = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    return `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`;
  } finally {
    await app.close();
    await db.close();
  }
}
