/** Remedies in the console: the case's remedy panel and dialog, the customer's ledger, the header links; the pages load on their own. */
export { RemedyPanel } from "./RemedyPanel";
export { GoodwillCard } from "./GoodwillCard";
export { RemedyNav } from "./RemedyNav";
export { describeRemedyEvent } from "./words";
export { PlaybookCard } from "./PlaybookCard";
export { SatisfactionCard } from "./SatisfactionCard";
