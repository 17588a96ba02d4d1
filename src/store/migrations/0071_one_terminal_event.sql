-- Exactly one terminal event per call (decisions §6): call.ended and call.failed exclude each other.
CREATE UNIQUE INDEX call_events_terminal ON call_events (call_id) WHERE event IN ('call.ended', 'call.failed');
