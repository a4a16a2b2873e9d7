/**
 * Build-time compression for the console and the portal: a Brotli (`.br`, quality 11) and a gzip
 * (`.gz`, level 9) copy beside every text file of a built app, which the server
 * (apps/server/src/platform/static.ts) sends to browsers that accept them. Compressing once at
 * build time lets the slowest, smallest settings pay off at no cost per request.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Plugin } from "vite";

const COMPRESSIBLE = new Set([".js", ".css", ".html", ".svg", ".json", ".txt"]);
// Under about one network packet, compression saves no round trip. Index pages are compressed
// whatever their size: they are asked for on every visit.
const MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function worthCompressing(file: string, bytes: number): boolean {
  const ext = path.extname(file);
  return COMPRESSIBLE.has(ext) && (bytes >= MIN_BYTES || ext === ".html");
}

/** Writes `<file>.br` and `<file>.gz` beside every compressible file under `dir`; returns what it wrote. */
export async function precompressDir(dir: string): Promise<{ file: string; bytes: number; br: number; gz: number }[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const written = await Promise.all(
    files.map(async (file) => {
      const source = await fs.readFile(file);
      if (!worthCompressing(file, source.length)) return null;
      const [br, gz] = await Promise.all([
        brotli(source, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          },
        }),
        gzip(source, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
      return { file: path.relative(dir, file), bytes: source.length, br: br.length, gz: gz.length };
    }),
  );
  return written.filter((w) => w !== null);
}

/** Vite plugin: compresses the output directory once the bundle is written. */
export function precompress(): Plugin {
  return {
    name: "tandem-precompress",
    apply: "build",
    async writeBundle(options) {
      if (!options.dir) return;
      const written = await precompressDir(options.dir);
      const sum = (key: "bytes" | "br" | "gz") => written.reduce((total, w) => total + w[key], 0);
      this.info(`compressed ${written.length} files: ${sum("bytes")} bytes → ${sum("br")} br, ${sum("gz")} gzip`);
    },
  };
}
