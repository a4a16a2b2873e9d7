/**
 * Everything after sign-in, loaded on its own chunk: the component kit (Mantine and its notices),
 * server state (TanStack Query) and the shell. The login page needs none of it.
 */
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { queryClient } from "./lib/queryClient";
import { cssVariables, theme } from "./ui/theme";
import Shell from "./features/shell/Shell";

export default function SignedIn() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariables}>
      <QueryClientProvider client={queryClient}>
        <Shell />
        <Notifications position="top-right" limit={3} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
