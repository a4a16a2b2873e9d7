/**
 * ESLint rule `tandem/module-boundaries`: the import boundaries of apps/server/src.
 *
 * - A module (`modules/<name>/**`) is imported from outside it only through its `index.ts`
 *   (`../cases/index.js`, never `../cases/repository.js`): the index is its public face.
 * - Platform code (`platform/**`) imports nothing from `modules/**`: modules depend on the
 *   platform, never the other way round.
 *
 * Only relative specifiers are checked (the server has no path aliases). The rule resolves each
 * one against the importing file, so it needs the absolute `srcDir` it guards as its option.
 */
import path from "node:path";

/** `modules/cases/repository.js` → "cases"; anything outside modules/ → undefined. */
function moduleOf(relative) {
  const [top, name] = relative.split("/");
  return top === "modules" && name ? name : undefined;
}

/** @type {import("eslint").Rule.RuleModule} */
export const moduleBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "Import a server module only through its index.ts; platform code imports no module." },
    schema: [
      {
        type: "object",
        properties: { srcDir: { type: "string" } },
        required: ["srcDir"],
        additionalProperties: false,
      },
    ],
    messages: {
      deepImport:
        "'{{specifier}}' reaches inside the {{module}} module. Import it from '{{index}}' (export it there if it is missing): a module's index.ts is its only public face.",
      platformImportsModule:
        "Platform code must not import from src/modules/** ('{{specifier}}' is in the {{module}} module). Move the code to the platform, or let the module hand it to the platform.",
    },
  },
  create(context) {
    const srcDir = context.options[0].srcDir;
    const toSrc = (file) => path.relative(srcDir, file).split(path.sep).join("/");
    const importer = toSrc(context.filename);
    if (importer.startsWith("../") || path.isAbsolute(importer)) return {};
    const importerModule = moduleOf(importer);
    const inPlatform = importer.startsWith("platform/");
    const dir = path.dirname(context.filename);

    function check(source) {
      if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
      const specifier = source.value;
      if (!specifier.startsWith(".")) return;
      const target = toSrc(path.resolve(dir, specifier));
      const module = moduleOf(target);
      if (!module) return;
      if (inPlatform) {
        context.report({ node: source, messageId: "platformImportsModule", data: { specifier, module } });
      } else if (module !== importerModule && target !== `modules/${module}/index.js` && target !== `modules/${module}/index.ts`) {
        let index = path.relative(dir, path.join(srcDir, "modules", module, "index.js")).split(path.sep).join("/");
        if (!index.startsWith(".")) index = `./${index}`;
        context.report({ node: source, messageId: "deepImport", data: { specifier, module, index } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.source),
    };
  },
};
