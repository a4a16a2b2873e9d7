import { Customer360 } from "./Customer360";
import { ContactPreferences } from "../outreach/ContactPreferences";

export default function CustomerPage({ id }: { id: string }) {
  return (
    <div className="page narrow-wide">
      <Customer360 customerId={id} />
      <ContactPreferences customerId={id} />
    </div>
  );
}
