-- Business calendars (issue 10): an IANA time zone, opening intervals per weekday, holidays and
-- make-up working days. The rules live in the calendars module (domain/business-time.ts); the row
-- stores the calendar as the API shows it. Names are unique per install, ignoring case.
CREATE TABLE calendars (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  timezone text NOT NULL,
  -- [{ "day": 1..7, "from": "HH:MM", "to": "HH:MM" }]
  hours jsonb NOT NULL,
  -- ["YYYY-MM-DD", ...]
  holidays jsonb NOT NULL DEFAULT '[]',
  -- [{ "date": "YYYY-MM-DD", "hours"?: [{ "from", "to" }] }]
  working_days jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX calendars_name ON calendars (lower(name));
