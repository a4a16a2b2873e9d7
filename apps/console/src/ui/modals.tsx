/** Dialogs on Mantine's Modal (focus trapped, Escape closes), and the one shape of every form in a dialog. */
import { Group, Modal as MantineModal } from "@mantine/core";
import type { FormEvent, ReactNode } from "react";
import { useI18n } from "../i18n";
import { Button } from "./buttons";
import { ErrorAlert } from "./feedback";

export function Modal({ title, open = true, onClose, children, testId, wide }: { title: string; open?: boolean; onClose: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <MantineModal opened={open} onClose={onClose} title={title} size={wide ? "xl" : "lg"} attributes={{ content: { "data-testid": testId } }} closeButtonProps={{ "aria-label": t("common.close") }}>
      {/* The page's single-key shortcuts must not fire while typing in a dialog. */}
      <div onKeyDown={(e) => e.stopPropagation()}>{children}</div>
    </MantineModal>
  );
}

/**
 * A dialog holding a form: its fields, the error of the last try, Cancel and the submit button.
 * `onSubmit` runs on Enter or the button; what is wrong is said next to the field (or in `error`),
 * the button stays enabled.
 */
export function FormModal({
  title,
  testId,
  onClose,
  onSubmit,
  submitLabel,
  submitTestId,
  pending,
  error,
  wide,
  children,
  footer,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  submitTestId: string;
  pending?: boolean;
  error?: unknown;
  wide?: boolean;
  children: ReactNode;
  /** Instead of the submit row (e.g. a result to copy once the work is done). */
  footer?: ReactNode;
}) {
  const { t } = useI18n();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Modal title={title} onClose={onClose} testId={testId} wide={wide}>
      <form className="stack" onSubmit={submit} noValidate>
        {children}
        <ErrorAlert error={error} />
        {footer ?? (
          <Group justify="flex-end" gap="xs">
            <Button onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" variant="primary" loading={pending} data-testid={submitTestId}>
              {submitLabel}
            </Button>
          </Group>
        )}
      </form>
    </Modal>
  );
}
