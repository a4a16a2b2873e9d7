-- Finding a customer the way people type: an identity without its separators (xh200817 for
-- XH-200817) and a phone by its last digits. And one name per organisation.
ALTER TABLE customer_identities ADD COLUMN search_key text;
-- The application writes search_key (letters and digits of the display value, lower case); rows
-- from before this migration get the same for their ASCII letters and digits.
UPDATE customer_identities SET search_key = regexp_replace(lower(display), '[^a-z0-9]', '', 'g') WHERE kind <> 'national_id';
CREATE INDEX customer_identities_search_key ON customer_identities (search_key) WHERE search_key IS NOT NULL;
CREATE INDEX customer_identities_phone_suffix ON customer_identities (reverse(search_key) text_pattern_ops) WHERE kind = 'phone';

-- Two organisations of the same name (ignoring case) get the later one's id appended first.
UPDATE organizations o SET name = o.name || ' (' || left(o.id::text, 8) || ')'
 WHERE EXISTS (SELECT 1 FROM organizations p WHERE lower(p.name) = lower(o.name) AND (p.created_at, p.id) < (o.created_at, o.id));
CREATE UNIQUE INDEX organizations_name_unique ON organizations (lower(name));
