/**
 * A customer's time zone when they have not given one: from their phone's country calling code.
 * One zone per code — for a country that spans several, its most populous one (the customer's own
 * setting overrides it). Unknown codes give null: the caller falls back to the organisation's.
 */
const ZONE_OF_CALLING_CODE: Record<string, string> = {
  "1": "America/New_York",
  "7": "Europe/Moscow",
  "31": "Europe/Amsterdam",
  "33": "Europe/Paris",
  "34": "Europe/Madrid",
  "39": "Europe/Rome",
  "41": "Europe/Zurich",
  "44": "Europe/London",
  "49": "Europe/Berlin",
  "52": "America/Mexico_City",
  "55": "America/Sao_Paulo",
  "60": "Asia/Kuala_Lumpur",
  "61": "Australia/Sydney",
  "62": "Asia/Jakarta",
  "63": "Asia/Manila",
  "64": "Pacific/Auckland",
  "65": "Asia/Singapore",
  "66": "Asia/Bangkok",
  "81": "Asia/Tokyo",
  "82": "Asia/Seoul",
  "84": "Asia/Ho_Chi_Minh",
  "86": "Asia/Shanghai",
  "91": "Asia/Kolkata",
  "852": "Asia/Hong_Kong",
  "853": "Asia/Macau",
  "886": "Asia/Taipei",
  "971": "Asia/Dubai",
};

/** The zone of an E.164 number's country calling code (longest code first), or null. */
export function zoneOfPhone(e164: string): string | null {
  const digits = /^\+(\d{1,15})$/.exec(e164)?.[1];
  if (!digits) return null;
  for (const length of [3, 2, 1]) {
    const zone = ZONE_OF_CALLING_CODE[digits.slice(0, length)];
    if (zone) return zone;
  }
  return null;
}

/** The customer's zone: their own, else their first phone's with a known code, else null. */
export function customerTimeZone(own: string | null, phones: readonly string[]): { timeZone: string | null; source: "customer" | "phone" | null } {
  if (own) return { timeZone: own, source: "customer" };
  for (const phone of phones) {
    const zone = zoneOfPhone(phone);
    if (zone) return { timeZone: zone, source: "phone" };
  }
  return { timeZone: null, source: null };
}
