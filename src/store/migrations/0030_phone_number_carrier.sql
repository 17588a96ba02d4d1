-- Carrier bookkeeping for phone numbers: whether Parley bought the number (release it on delete)
-- and the Telnyx Call Control Application it is attached to.
ALTER TABLE phone_numbers ADD COLUMN purchased boolean NOT NULL DEFAULT false;
ALTER TABLE phone_numbers ADD COLUMN carrier_connection_id text;

-- The built-in sim carrier's account book: numbers bought from its pool or brought to it, with
-- the webhooks it would call. Platform-wide, like a real carrier account.
CREATE TABLE sim_numbers (
  phone_number text PRIMARY KEY,
  purchased boolean NOT NULL DEFAULT false,
  voice_url text NOT NULL,
  status_callback_url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
