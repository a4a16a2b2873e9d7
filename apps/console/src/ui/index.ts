/** The console's kit: Mantine, themed (theme.ts), with the few pieces it lacks. */
export { Button, CopyButton, type Variant } from "./buttons";
export { StatusBadge, PriorityBadge, StateBadge } from "./badges";
export { Empty, ErrorAlert, Loading, toast } from "./feedback";
export { Select, TextArea, TextInput } from "./fields";
export { FormModal, Modal } from "./modals";
export { MultiFilter } from "./MultiFilter";
export { DataTable, type Column } from "./DataTable";
