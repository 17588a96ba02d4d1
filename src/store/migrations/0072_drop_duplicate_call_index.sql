-- 0045 created calls_carrier_call_id, an exact duplicate of 0001's calls_carrier_sid (same column, same predicate): every call insert and carrier-SID update maintained both.
DROP INDEX IF EXISTS calls_carrier_call_id;
