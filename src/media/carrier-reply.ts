/** What a carrier callback handler answers (the route turns it into the HTTP response). */
export interface CarrierReply {
  status: number;
  contentType?: string;
  body?: string;
}

export const forbidden: CarrierReply = { status: 403, contentType: 'text/plain', body: 'invalid signature' };
export const malformed: CarrierReply = { status: 400, contentType: 'text/plain', body: 'malformed callback' };
export const accepted: CarrierReply = { status: 204 };
export const twiml = (xml: string): CarrierReply => ({ status: 200, contentType: 'text/xml', body: xml });
