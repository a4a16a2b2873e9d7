/** The console's Mantine theme: the calm blue, system fonts (with CJK fallbacks) and the dense sizes of the hand-made look it replaced. */
import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

// Shade 6 is the brand blue (#1f5fbf), 7 its hover; every shade keeps white text ≥ 4.5:1 from 6 up.
const tandem: MantineColorsTuple = ["#e7effb", "#cfdef6", "#a6c2ee", "#7aa3e4", "#5287da", "#3572cf", "#1f5fbf", "#174a96", "#123b78", "#0c2a57"];

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
export const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace';

export const theme = createTheme({
  primaryColor: "tandem",
  primaryShade: 6,
  colors: { tandem },
  fontFamily: FONT,
  fontFamilyMonospace: MONO,
  headings: { fontFamily: FONT },
  defaultRadius: "sm",
  radius: { xs: "4px", sm: "6px", md: "8px", lg: "12px", xl: "16px" },
  fontSizes: { xs: "12px", sm: "14px", md: "14px", lg: "16px", xl: "18px" },
  autoContrast: true,
  components: {
    Modal: { defaultProps: { radius: "lg", transitionProps: { duration: 120 } } },
    // A badge is never cut short (long Chinese labels in narrow table columns): the column gives way instead.
    Badge: { styles: { root: { minWidth: "max-content", flexShrink: 0 }, label: { overflow: "visible", textOverflow: "clip" } } },
  },
});

/** Mantine's dimmed grey and error red are below 4.5:1 on white: use the console's muted grey and danger red. */
export const cssVariables: CSSVariablesResolver = () => ({ variables: {}, light: { "--mantine-color-dimmed": "#556070", "--mantine-color-error": "#b42318" }, dark: {} });
