ALTER TABLE orders DROP COLUMN client_order_id;
