ALTER TABLE orders ADD COLUMN client_order_id text NULL;
