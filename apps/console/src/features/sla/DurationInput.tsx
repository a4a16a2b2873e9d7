/** A duration typed in words: a whole number and a unit (minutes, hours, days), kept as ISO 8601 by the draft. */
import { Group, NativeSelect, TextInput } from "@mantine/core";
import { useCallback } from "react";
import { useI18n, type MessageKey } from "../../i18n";
import { durationWords, UNITS, type DurationDraft, type Unit } from "./draft";

/** "1 h", "2 days", "15 min" (一小时 …) in the user's language; null for no duration. */
export function useDurationWords() {
  const { t } = useI18n();
  return useCallback((iso: string | null | undefined) => durationWords(iso, (key, o) => t(key, o)), [t]);
}

export function DurationInput({ label, value, onChange, error, optional, testId }: { label: string; value: DurationDraft; onChange: (v: DurationDraft) => void; error?: string | null; optional?: boolean; testId: string }) {
  const { t } = useI18n();
  const units: Unit[] = value.unit === "seconds" ? ["seconds", ...UNITS] : [...UNITS];
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap" data-testid={testId}>
      <TextInput
        label={label}
        placeholder={optional ? t("sla.noTarget") : undefined}
        inputMode="numeric"
        value={value.amount}
        error={error}
        required={!optional}
        onChange={(e) => onChange({ ...value, amount: e.currentTarget.value })}
        style={{ flex: 1 }}
        data-testid={`${testId}-amount`}
      />
      <NativeSelect
        label={t("sla.unit")}
        aria-label={t("sla.unitOf", { field: label })}
        data={units.map((u) => ({ value: u, label: t(`sla.unitName.${u}` as MessageKey) }))}
        value={value.unit}
        onChange={(e) => onChange({ ...value, unit: e.currentTarget.value as Unit })}
        data-testid={`${testId}-unit`}
      />
    </Group>
  );
}
