/** Parley's public carrier endpoints under PARLEY_PUBLIC_URL (numbers' webhooks point at the same paths). */
export function carrierUrls(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  const wsBase = base.replace(/^http(s?):/, 'ws$1:');
  return {
    /** The media WebSocket; Telnyx names the call in the URL, Twilio in a stream `<Parameter>` (its URL takes no query). */
    media: (carrier: 'twilio' | 'telnyx', callId: string) =>
      carrier === 'twilio'
        ? `${wsBase}/v1/carriers/twilio/media`
        : `${wsBase}/v1/carriers/telnyx/media?call_id=${encodeURIComponent(callId)}`,
    /** Progress callbacks: Twilio's StatusCallback/AsyncAmdStatusCallback per call; Telnyx sends every event to its voice webhook. */
    events: (carrier: 'twilio' | 'telnyx', callId: string) =>
      carrier === 'twilio'
        ? `${base}/v1/carriers/twilio/status?call_id=${encodeURIComponent(callId)}`
        : `${base}/v1/carriers/telnyx/voice`,
    /** The URL Twilio signed a callback with: the public base plus the path and query Parley received. */
    signed: (pathAndQuery: string) => `${base}${pathAndQuery}`,
  };
}
