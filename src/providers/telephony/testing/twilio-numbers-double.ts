import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpDouble, type RecordedRequest, sendJson } from '../../testing/http-double.ts';

/** A number in the double's inventory, as Twilio's AvailablePhoneNumbers resource describes it. */
export interface TwilioInventoryNumber {
  phone_number: string;
  iso_country: string;
  region: string;
  locality: string;
}

/** An IncomingPhoneNumber on the double's account. */
export interface TwilioIncomingNumber {
  sid: string;
  phone_number: string;
  voice_url: string | null;
  voice_method: string;
  status_callback: string | null;
  status_callback_method: string;
}

// Documented IncomingPhoneNumber create/update parameters (the double rejects anything else to catch typos).
const writable = new Set([
  'PhoneNumber',
  'AreaCode',
  'FriendlyName',
  'VoiceUrl',
  'VoiceMethod',
  'VoiceFallbackUrl',
  'VoiceFallbackMethod',
  'StatusCallback',
  'StatusCallbackMethod',
]);

const error = (res: ServerResponse, status: number, code: number, message: string) =>
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

/**
 * Twilio's REST API (2010-04-01) for number management on loopback: Basic auth `AccountSid:AuthToken`,
 * form-encoded writes, AvailablePhoneNumbers Local search and IncomingPhoneNumbers create/read/update/delete.
 */
export class TwilioNumbersDouble {
  readonly incoming = new Map<string, TwilioIncomingNumber>();

  private constructor(
    readonly http: HttpDouble,
    readonly accountSid: string,
    readonly authToken: string,
    readonly inventory: TwilioInventoryNumber[],
  ) {}

  static async start(opts: { inventory?: TwilioInventoryNumber[] } = {}): Promise<TwilioNumbersDouble> {
    const sid = `AC${randomBytes(16).toString('hex')}`;
    const token = randomBytes(16).toString('hex');
    let self: TwilioNumbersDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new TwilioNumbersDouble(http, sid, token, opts.inventory ?? defaultInventory());
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  /** Put an existing number on the account (as if bought in the Twilio Console). */
  own(phoneNumber: string): TwilioIncomingNumber {
    const n: TwilioIncomingNumber = {
      sid: `PN${randomBytes(16).toString('hex')}`,
      phone_number: phoneNumber,
      voice_url: null,
      voice_method: 'POST',
      status_callback: null,
      status_callback_method: 'POST',
    };
    this.incoming.set(n.sid, n);
    return n;
  }

  byNumber(phoneNumber: string): TwilioIncomingNumber | undefined {
    return [...this.incoming.values()].find((n) => n.phone_number === phoneNumber);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private handle(req: RecordedRequest, res: ServerResponse) {
    const auth = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''));
    const [user, pass] = auth ? Buffer.from(auth[1]!, 'base64').toString().split(':') : [];
    if (user !== this.accountSid || pass !== this.authToken) return error(res, 401, 20003, 'Authenticate');
    const prefix = `/2010-04-01/Accounts/${this.accountSid}`;
    if (!req.path.startsWith(`${prefix}/`))
      return error(res, 404, 20404, 'The requested resource was not found');
    const path = req.path.slice(prefix.length);
    const form = new URLSearchParams(req.body.toString('utf8'));
    if (req.method === 'POST') {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
        return error(res, 400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
      const unknown = [...form.keys()].find((k) => !writable.has(k));
      if (unknown) return error(res, 400, 20001, `Unknown parameter ${unknown}`);
    }
    const available = /^\/AvailablePhoneNumbers\/([A-Z]{2})\/Local\.json$/.exec(path);
    if (available && req.method === 'GET') return this.search(available[1]!, req.query, res);
    if (path === '/IncomingPhoneNumbers.json' && req.method === 'GET') return this.list(req.query, res);
    if (path === '/IncomingPhoneNumbers.json' && req.method === 'POST') return this.create(form, res);
    const one = /^\/IncomingPhoneNumbers\/(PN[0-9a-f]{32})\.json$/.exec(path);
    const found = one ? this.incoming.get(one[1]!) : undefined;
    if (one && !found) return error(res, 404, 20404, `The requested resource ${req.path} was not found`);
    if (found && req.method === 'POST') {
      this.apply(found, form);
      return sendJson(res, 200, this.resource(found));
    }
    if (found && req.method === 'DELETE') {
      this.incoming.delete(found.sid);
      res.writeHead(204).end();
      return;
    }
    return error(res, 404, 20404, `The requested resource ${req.path} was not found`);
  }

  private search(country: string, q: URLSearchParams, res: ServerResponse) {
    const pageSize = Number(q.get('PageSize') ?? 50);
    const area = q.get('AreaCode');
    const contains = q.get('Contains');
    const owned = new Set([...this.incoming.values()].map((n) => n.phone_number));
    const matches = this.inventory.filter(
      (n) =>
        n.iso_country === country &&
        !owned.has(n.phone_number) &&
        (!area || n.phone_number.slice(2, 5) === area) &&
        (!contains || n.phone_number.slice(1).includes(contains)),
    );
    sendJson(res, 200, {
      available_phone_numbers: matches.slice(0, pageSize).map((n) => ({
        friendly_name: `(${n.phone_number.slice(2, 5)}) ${n.phone_number.slice(5, 8)}-${n.phone_number.slice(8)}`,
        phone_number: n.phone_number,
        lata: '722',
        locality: n.locality,
        rate_center: n.locality.toUpperCase(),
        latitude: '37.780000',
        longitude: '-122.390000',
        region: n.region,
        postal_code: '94105',
        iso_country: n.iso_country,
        address_requirements: 'none',
        beta: false,
        capabilities: { voice: true, SMS: true, MMS: true },
      })),
      uri: `/2010-04-01/Accounts/${this.accountSid}/AvailablePhoneNumbers/${country}/Local.json`,
    });
  }

  private list(q: URLSearchParams, res: ServerResponse) {
    const want = q.get('PhoneNumber');
    const items = [...this.incoming.values()].filter((n) => !want || n.phone_number === want);
    sendJson(res, 200, {
      incoming_phone_numbers: items.map((n) => this.resource(n)),
      page: 0,
      page_size: Number(q.get('PageSize') ?? 50),
      uri: `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers.json`,
    });
  }

  private create(form: URLSearchParams, res: ServerResponse) {
    const phone = form.get('PhoneNumber');
    const sellable = this.inventory.some((n) => n.phone_number === phone) && !this.byNumber(phone ?? '');
    if (!phone || !sellable) return error(res, 400, 21422, `PhoneNumber ${phone ?? ''} is not available`);
    const n = this.own(phone);
    this.apply(n, form);
    sendJson(res, 201, this.resource(n));
  }

  private apply(n: TwilioIncomingNumber, form: URLSearchParams) {
    if (form.has('VoiceUrl')) n.voice_url = form.get('VoiceUrl');
    if (form.has('VoiceMethod')) n.voice_method = form.get('VoiceMethod')!;
    if (form.has('StatusCallback')) n.status_callback = form.get('StatusCallback');
    if (form.has('StatusCallbackMethod')) n.status_callback_method = form.get('StatusCallbackMethod')!;
  }

  private resource(n: TwilioIncomingNumber) {
    return {
      account_sid: this.accountSid,
      sid: n.sid,
      phone_number: n.phone_number,
      friendly_name: n.phone_number,
      voice_url: n.voice_url,
      voice_method: n.voice_method,
      status_callback: n.status_callback,
      status_callback_method: n.status_callback_method,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      status: 'in-use',
      uri: `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
    };
  }
}

function defaultInventory(): TwilioInventoryNumber[] {
  return ['+14155550101', '+14155550102', '+14155551234', '+12125550147'].map((phone_number) => ({
    phone_number,
    iso_country: 'US',
    region: phone_number.startsWith('+1415') ? 'CA' : 'NY',
    locality: phone_number.startsWith('+1415') ? 'San Francisco' : 'New York',
  }));
}
