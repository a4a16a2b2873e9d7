/**
 * Compile-time keys: i18next's `t` only accepts keys of the English dictionary (and checks the
 * interpolation values they name), so `t("unknown.key")` fails type-checking.
 */
import "i18next";
import type { en } from "./en";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
    keySeparator: false;
    nsSeparator: false;
  }
}
