-- Workers' contact details, sealed with AES-256-GCM by the application (Data/Privacy/ContactCipher.cs): the
-- database never holds them in the clear. One row per worker at most; deleting the worker deletes it (right to be
-- forgotten). key_id names the key that sealed the value, so keys can be rotated.
CREATE TABLE worker_contacts (
    worker_id    TEXT NOT NULL PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
    sealed_value TEXT NOT NULL CHECK (length(sealed_value) > 0),
    key_id       TEXT NOT NULL CHECK (length(key_id) > 0)
);
