/** `?` anywhere (outside a field) lists the keyboard shortcuts. */
import { Kbd, Table } from "@mantine/core";
import { useEffect, useState } from "react";
import { useI18n, type MessageKey } from "../../i18n";
import { Modal } from "../../ui";

const SHORTCUTS: [keys: string[], what: MessageKey][] = [
  [["?"], "shortcuts.help"],
  [["Ctrl", "K"], "shortcuts.jump"],
  [["/"], "shortcuts.find"],
  [["j", "k"], "shortcuts.move"],
  [["Enter"], "shortcuts.open"],
  [["r"], "shortcuts.reply"],
  [["e"], "shortcuts.resolve"],
  [["Ctrl", "Enter"], "shortcuts.send"],
  [["Esc"], "shortcuts.close"],
];

/** Whether a key press belongs to what is being typed rather than to the page. */
export const typing = (target: EventTarget | null): boolean => {
  const el = target as HTMLElement | null;
  return Boolean(el && (["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.isContentEditable || el.closest("[role=dialog]")));
};

export function Shortcuts() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e.target)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  if (!open) return null;
  return (
    <Modal title={t("shortcuts.title")} onClose={() => setOpen(false)} testId="shortcuts">
      <Table>
        <caption className="sr-only">{t("shortcuts.title")}</caption>
        <Table.Tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <Table.Tr key={what}>
              <Table.Td className="nowrap">
                {keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? (what === "shortcuts.move" ? " / " : " + ") : null}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(what)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
