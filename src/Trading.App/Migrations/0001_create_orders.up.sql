-- Prices are exact decimals written as invariant-culture text; created_at is ISO-8601 UTC.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    price TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
