import { Customer360 } from "./Customer360";

export default function CustomerPage({ id }: { id: string }) {
  return (
    <div className="page narrow-wide">
      <Customer360 customerId={id} />
    </div>
  );
}
