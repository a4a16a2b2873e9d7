/** Two customer records side by side, field by field, with how each field compared. */
import type { Customer, Suggestion } from "@tandem/contracts";
import { useI18n, type MessageKey } from "../../i18n";
import { identityLabel } from "../customers/Customer360";
import classes from "./identity.module.css";

type Level = "exact" | "similar" | "different" | "missing";

const ROWS: { key: string; field?: string; value: (c: Customer) => string }[] = [
  { key: "name", value: (c) => c.name },
  { key: "givenName", field: "givenName", value: (c) => c.profile.givenName ?? "" },
  { key: "familyName", field: "familyName", value: (c) => c.profile.familyName ?? "" },
  { key: "birthDate", field: "birthDate", value: (c) => c.profile.birthDate ?? "" },
  { key: "line1", field: "line1", value: (c) => c.profile.address.line1 ?? "" },
  { key: "locality", field: "locality", value: (c) => c.profile.address.locality ?? "" },
  { key: "postcode", field: "postcode", value: (c) => c.profile.address.postcode ?? "" },
  { key: "region", field: "region", value: (c) => c.profile.address.region ?? "" },
];

export function RecordsSideBySide({ left, right, explanation }: { left: Customer; right: Customer; explanation?: Suggestion["explanation"] }) {
  const { t } = useI18n();
  const levelOf = (field?: string): Level | null => (field ? ((explanation?.fields?.find((f) => f.field === field)?.level as Level | undefined) ?? null) : null);
  const sharedKinds = new Set(explanation?.identities ?? []);
  return (
    <table className={classes.sideBySide} data-testid="records-side-by-side">
      <thead>
        <tr>
          <th scope="col">{t("identity.field")}</th>
          <th scope="col">{t("identity.left")}</th>
          <th scope="col">{t("identity.right")}</th>
          <th scope="col">{t("identity.compared")}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => {
          const a = row.value(left);
          const b = row.value(right);
          if (!a && !b) return null;
          const level = levelOf(row.field) ?? (a && b ? (a === b ? "exact" : null) : null);
          return (
            <tr key={row.key} data-testid="compare-row" data-field={row.key} data-level={level ?? ""} className={level === "exact" ? classes.exact : level === "different" ? classes.different : undefined}>
              <th scope="row">{t(`identity.field.${row.key}` as MessageKey)}</th>
              <td>{a || "—"}</td>
              <td>{b || "—"}</td>
              <td>{level ? <span className={`badge ${level === "exact" ? "tone-green" : level === "similar" ? "tone-blue" : level === "different" ? "tone-red" : ""}`}>{t(`identity.level.${level}` as MessageKey)}</span> : null}</td>
            </tr>
          );
        })}
        <tr data-field="identities">
          <th scope="row">{t("customer.identities")}</th>
          {[left, right].map((c) => (
            <td key={c.id}>
              <ul className="plain">
                {c.identities.map((i) => (
                  <li key={i.id} className={sharedKinds.has(i.kind) ? classes.shared : undefined}>
                    {identityLabel(t, i.kind)}: <span className="mono">{i.value}</span>
                  </li>
                ))}
              </ul>
            </td>
          ))}
          <td>{sharedKinds.size ? <span className="badge tone-amber">{t("identity.sharedIdentity")}</span> : null}</td>
        </tr>
      </tbody>
    </table>
  );
}
