/** Form fields on Mantine's inputs: a label, an optional hint, and the error next to the field. */
import { NativeSelect, Textarea as MantineTextarea, TextInput as MantineTextInput, type NativeSelectProps, type TextareaProps, type TextInputProps } from "@mantine/core";

type Labelled = { label: string; hint?: string };

export function TextInput({ hint, ...rest }: Omit<TextInputProps, "label" | "description"> & Labelled) {
  return <MantineTextInput description={hint} {...rest} />;
}

export function TextArea({ hint, rows = 4, ...rest }: Omit<TextareaProps, "label" | "description"> & Labelled) {
  return <MantineTextarea description={hint} rows={rows} {...rest} />;
}

/** A native `<select>` (keyboard- and screen-reader-friendly, and `selectOption` in browser tests). */
export function Select({ hint, options, placeholder, ...rest }: Omit<NativeSelectProps, "label" | "description" | "data"> & Labelled & { options: { value: string; label: string }[]; placeholder?: string }) {
  return <NativeSelect description={hint} data={placeholder !== undefined ? [{ value: "", label: placeholder }, ...options] : options} {...rest} />;
}
