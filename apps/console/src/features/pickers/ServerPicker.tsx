/**
 * A picker that searches the server as you type (Mantine's Combobox): a debounced query for one
 * page of matches, so it scales to any number of users or organisations.
 */
import { Combobox, InputBase, Loader, useCombobox } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "../../i18n";

export interface PickerProps<T> {
  label: string;
  /** The chosen id, or "" for none. */
  value: string;
  onChange: (id: string, item: T | null) => void;
  testId: string;
  placeholder?: string;
  required?: boolean;
  autoFocus?: boolean;
  error?: string | null;
  /** Show the label to screen readers only (a filter in a toolbar). */
  hideLabel?: boolean;
  /** The text to start with when a value is already chosen (e.g. its name). */
  initialText?: string;
}

export function ServerPicker<T>({
  label,
  value,
  onChange,
  testId,
  placeholder,
  required,
  autoFocus,
  error,
  hideLabel,
  initialText,
  queryKey,
  search,
  idOf,
  labelOf,
  keep = () => true,
}: PickerProps<T> & {
  queryKey: string;
  search: (text: string, signal?: AbortSignal) => Promise<T[]>;
  idOf: (item: T) => string;
  labelOf: (item: T) => string;
  /** Leave out matches that cannot be picked here (the current owner, the owning organisation …). */
  keep?: (item: T) => boolean;
}) {
  const { t } = useI18n();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [text, setText] = useState(initialText ?? "");
  const [typed] = useDebouncedValue(text, 200);
  const results = useQuery({
    queryKey: ["picker", queryKey, typed],
    queryFn: ({ signal }) => search(typed, signal),
    enabled: combobox.dropdownOpened,
    staleTime: 30_000,
  });
  const items = (results.data ?? []).filter(keep);
  const pick = (id: string) => {
    const item = items.find((i) => idOf(i) === id) ?? null;
    onChange(id, item);
    if (item) setText(labelOf(item));
    combobox.closeDropdown();
  };
  return (
    <Combobox store={combobox} onOptionSubmit={pick}>
      <Combobox.Target>
        <InputBase
          label={label}
          labelProps={hideLabel ? { className: "sr-only" } : undefined}
          placeholder={placeholder}
          required={required}
          autoFocus={autoFocus}
          error={error}
          value={text}
          autoComplete="off"
          data-testid={testId}
          data-value={value}
          rightSection={results.isFetching ? <Loader size={16} aria-hidden="true" /> : <Combobox.Chevron />}
          rightSectionPointerEvents="none"
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (value) onChange("", null);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onClick={() => combobox.openDropdown()}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options mah={280} style={{ overflowY: "auto" }} aria-label={label} data-testid={`${testId}-options`}>
          {results.isPending ? (
            <Combobox.Empty>{t("common.loading")}</Combobox.Empty>
          ) : items.length === 0 ? (
            <Combobox.Empty>{t("picker.none")}</Combobox.Empty>
          ) : (
            items.map((i) => (
              <Combobox.Option value={idOf(i)} key={idOf(i)} active={idOf(i) === value} data-testid={`${testId}-option`}>
                {labelOf(i)}
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
