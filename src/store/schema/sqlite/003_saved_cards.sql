-- kasir schema 3: saved cards (SPEC §5.1, §5.2) and the recurring (one
-- click) setting. The card number is stored only masked, and sealed
-- (libsodium secretbox) with a key kept outside the database; the CVV is
-- never stored.

ALTER TABLE environments ADD COLUMN recurring INTEGER NOT NULL DEFAULT 0;

CREATE TABLE saved_cards (
	id           INTEGER PRIMARY KEY,
	env_id       INTEGER NOT NULL REFERENCES environments(id),
	token        TEXT    NOT NULL UNIQUE,    -- saved_token_id
	user_id      TEXT,                       -- card token storage key, or NULL
	masked_card  TEXT    NOT NULL,
	one_click    INTEGER NOT NULL,           -- 1 one click, 0 two clicks
	sealed       BLOB    NOT NULL,           -- nonce + secretbox(number, expiry)
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL            -- end of the card's expiry month
);
CREATE INDEX saved_cards_user ON saved_cards (env_id, user_id);
