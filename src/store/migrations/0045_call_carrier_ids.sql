-- Carrier callbacks (Twilio status callbacks, Telnyx webhooks) find their call by the carrier's call id.
CREATE INDEX calls_carrier_call_id ON calls (twilio_call_sid) WHERE twilio_call_sid IS NOT NULL;
