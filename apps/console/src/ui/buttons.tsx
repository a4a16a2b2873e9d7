/** Buttons on Mantine's, with the console's four variants and its icon set. */
import { Button as MantineButton, CopyButton as MantineCopyButton, type ButtonProps } from "@mantine/core";
import type { ButtonHTMLAttributes } from "react";
import { useI18n } from "../i18n";
import { Icon, type IconName } from "./icons";

export type Variant = "primary" | "default" | "subtle" | "danger";

const VARIANTS: Record<Variant, Pick<ButtonProps, "variant" | "color">> = {
  primary: { variant: "filled" },
  default: { variant: "default" },
  subtle: { variant: "subtle" },
  danger: { variant: "outline", color: "#b42318" },
};

export function Button({ variant = "default", icon, loading, children, type = "button", ...rest }: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "color"> & { variant?: Variant; icon?: IconName; loading?: boolean; fullWidth?: boolean }) {
  return (
    <MantineButton type={type} loading={loading} leftSection={icon ? <Icon name={icon} size={16} /> : undefined} {...VARIANTS[variant]} {...rest}>
      {children}
    </MantineButton>
  );
}

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <MantineCopyButton value={text} timeout={2000}>
      {({ copied, copy }) => (
        <Button icon={copied ? "check" : "copy"} onClick={copy} data-testid={testId}>
          {copied ? t("common.copied") : t("common.copy")}
        </Button>
      )}
    </MantineCopyButton>
  );
}
