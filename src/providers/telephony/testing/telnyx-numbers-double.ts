import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpDouble, jsonBody, type RecordedRequest, sendJson } from '../../testing/http-double.ts';

export interface TelnyxInventoryNumber {
  phone_number: string;
  country: string;
  state: string;
  locality: string;
}

export interface TelnyxOwnedNumber {
  id: string;
  phone_number: string;
  connection_id: string | null;
}

export interface TelnyxApplication {
  id: string;
  application_name: string;
  webhook_event_url: string;
  webhook_api_version: string;
}

const error = (res: ServerResponse, status: number, code: string, title: string, detail: string) =>
  sendJson(res, status, { errors: [{ code, title, detail }] });

/**
 * Telnyx API v2 for number management on loopback: Bearer API key, JSON bodies, deepObject
 * `filter[...]` queries; available_phone_numbers, number_orders, phone_numbers and
 * call_control_applications (where a number's voice webhook lives).
 */
export class TelnyxNumbersDouble {
  readonly owned = new Map<string, TelnyxOwnedNumber>();
  readonly applications = new Map<string, TelnyxApplication>();
  readonly orders: unknown[] = [];

  private constructor(
    readonly http: HttpDouble,
    readonly apiKey: string,
    readonly inventory: TelnyxInventoryNumber[],
  ) {}

  static async start(opts: { inventory?: TelnyxInventoryNumber[] } = {}): Promise<TelnyxNumbersDouble> {
    let self: TelnyxNumbersDouble | undefined;
    const http = await HttpDouble.start((req, res) => self!.handle(req, res));
    self = new TelnyxNumbersDouble(
      http,
      `KEY${randomBytes(12).toString('hex')}`,
      opts.inventory ?? defaultInventory(),
    );
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  /** Put an existing number on the account (as if bought in the Telnyx Portal). */
  own(phoneNumber: string, connectionId: string | null = null): TelnyxOwnedNumber {
    const n = {
      id: String(1_000_000_000_000 + this.owned.size),
      phone_number: phoneNumber,
      connection_id: connectionId,
    };
    this.owned.set(n.id, n);
    return n;
  }

  byNumber(phoneNumber: string): TelnyxOwnedNumber | undefined {
    return [...this.owned.values()].find((n) => n.phone_number === phoneNumber);
  }

  addApplication(name: string, webhookUrl: string): TelnyxApplication {
    const app = {
      id: String(2_000_000_000 + this.applications.size),
      application_name: name,
      webhook_event_url: webhookUrl,
      webhook_api_version: '2',
    };
    this.applications.set(app.id, app);
    return app;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private handle(req: RecordedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`)
      return error(res, 401, '10009', 'Authentication failed', 'The API key is missing or invalid.');
    if (req.method !== 'GET' && req.method !== 'DELETE' && req.headers['content-type'] !== 'application/json')
      return error(res, 415, '10015', 'Unsupported media type', 'Send application/json.');
    const body = (jsonBody(req) ?? {}) as Record<string, unknown>;
    const q = req.query;
    const p = req.path;
    if (p === '/v2/available_phone_numbers' && req.method === 'GET') return this.search(q, res);
    if (p === '/v2/number_orders' && req.method === 'POST') return this.order(body, res);
    if (p === '/v2/phone_numbers' && req.method === 'GET') return this.listNumbers(q, res);
    const num = /^\/v2\/phone_numbers\/([^/]+)$/.exec(p);
    if (num) return this.number(req.method, decodeURIComponent(num[1]!), body, res);
    if (p === '/v2/call_control_applications') return this.applicationList(req.method, q, body, res);
    const app = /^\/v2\/call_control_applications\/([^/]+)$/.exec(p);
    if (app) return this.application(req.method, decodeURIComponent(app[1]!), body, res);
    return error(res, 404, '10005', 'Resource not found', `No route for ${req.method} ${p}.`);
  }

  private search(q: URLSearchParams, res: ServerResponse) {
    const country = q.get('filter[country_code]');
    const ndc = q.get('filter[national_destination_code]');
    const contains = q.get('filter[phone_number][contains]');
    const limit = Number(q.get('filter[limit]') ?? 50);
    const found = this.inventory.filter(
      (n) =>
        !this.byNumber(n.phone_number) &&
        (!country || n.country === country) &&
        (!ndc || n.phone_number.slice(2, 2 + ndc.length) === ndc) &&
        (!contains || n.phone_number.slice(1).includes(contains)),
    );
    sendJson(res, 200, {
      data: found.slice(0, limit).map((n) => ({
        record_type: 'available_phone_number',
        phone_number: n.phone_number,
        vanity_format: '',
        best_effort: false,
        quickship: true,
        reservable: false,
        region_information: [
          { region_type: 'country_code', region_name: n.country },
          { region_type: 'state', region_name: n.state },
          { region_type: 'location', region_name: n.locality },
        ],
        cost_information: { upfront_cost: '1.00', monthly_cost: '1.00', currency: 'USD' },
        features: [{ name: 'voice' }, { name: 'sms' }],
      })),
      meta: { total_results: found.length, best_effort_results: 0 },
    });
  }

  private order(body: Record<string, unknown>, res: ServerResponse) {
    const wanted = Array.isArray(body.phone_numbers)
      ? (body.phone_numbers as { phone_number?: unknown }[])
      : [];
    if (wanted.length === 0 || wanted.some((w) => typeof w.phone_number !== 'string'))
      return error(res, 422, '10015', 'Invalid parameter', 'phone_numbers must list {phone_number} objects.');
    const connectionId = typeof body.connection_id === 'string' ? body.connection_id : null;
    if (connectionId && !this.applications.has(connectionId))
      return error(res, 422, '10015', 'Invalid parameter', `connection_id ${connectionId} does not exist.`);
    for (const w of wanted) {
      const number = w.phone_number as string;
      if (!this.inventory.some((n) => n.phone_number === number) || this.byNumber(number))
        return error(res, 422, '85001', 'Number not available', `${number} is not available for purchase.`);
    }
    const data = {
      id: randomUUID(),
      record_type: 'number_order',
      phone_numbers_count: wanted.length,
      connection_id: connectionId,
      status: 'pending',
      requirements_met: true,
      phone_numbers: wanted.map((w) => {
        this.own(w.phone_number as string, connectionId);
        return {
          id: randomUUID(),
          record_type: 'number_order_phone_number',
          phone_number: w.phone_number,
          status: 'pending',
        };
      }),
    };
    this.orders.push(body);
    sendJson(res, 200, { data });
  }

  private listNumbers(q: URLSearchParams, res: ServerResponse) {
    const filter = q.get('filter[phone_number]') ?? '';
    // Documented: digits only; anything else matches nothing.
    const items = /^\d*$/.test(filter)
      ? [...this.owned.values()].filter((n) => n.phone_number.slice(1).includes(filter))
      : [];
    sendJson(res, 200, {
      data: items.map((n) => this.numberResource(n)),
      meta: { total_pages: 1, total_results: items.length, page_number: 1, page_size: 20 },
    });
  }

  private number(method: string, id: string, body: Record<string, unknown>, res: ServerResponse) {
    const n = this.owned.get(id);
    if (!n) return error(res, 404, '10005', 'Resource not found', `Phone number ${id} not found.`);
    if (method === 'PATCH') {
      if (typeof body.connection_id === 'string') {
        if (!this.applications.has(body.connection_id))
          return error(res, 422, '10015', 'Invalid parameter', 'connection_id does not exist.');
        n.connection_id = body.connection_id;
      }
      return sendJson(res, 200, { data: this.numberResource(n) });
    }
    if (method === 'DELETE') {
      this.owned.delete(id);
      return sendJson(res, 200, { data: { ...this.numberResource(n), status: 'deleted' } });
    }
    return sendJson(res, 200, { data: this.numberResource(n) });
  }

  private applicationList(
    method: string,
    q: URLSearchParams,
    body: Record<string, unknown>,
    res: ServerResponse,
  ) {
    if (method === 'POST') {
      if (!hasApplicationFields(body)) return missingApplicationFields(res);
      const app = this.addApplication(body.application_name, body.webhook_event_url);
      return sendJson(res, 201, { data: this.applicationResource(app) });
    }
    const contains = q.get('filter[application_name][contains]');
    const items = [...this.applications.values()].filter(
      (a) => !contains || a.application_name.includes(contains),
    );
    sendJson(res, 200, {
      data: items.map((a) => this.applicationResource(a)),
      meta: { total_results: items.length },
    });
  }

  private application(method: string, id: string, body: Record<string, unknown>, res: ServerResponse) {
    const app = this.applications.get(id);
    if (!app) return error(res, 404, '10005', 'Resource not found', `Application ${id} not found.`);
    if (method === 'PATCH') {
      if (!hasApplicationFields(body)) return missingApplicationFields(res);
      app.application_name = body.application_name;
      app.webhook_event_url = body.webhook_event_url;
    }
    sendJson(res, 200, { data: this.applicationResource(app) });
  }

  private numberResource(n: TelnyxOwnedNumber) {
    return {
      id: n.id,
      record_type: 'phone_number',
      phone_number: n.phone_number,
      status: 'active',
      connection_id: n.connection_id,
    };
  }

  private applicationResource(a: TelnyxApplication) {
    return { record_type: 'call_control_application', active: true, ...a };
  }
}

/** Create and update both require `application_name` and `webhook_event_url`. */
function hasApplicationFields(
  body: Record<string, unknown>,
): body is { application_name: string; webhook_event_url: string } {
  return typeof body.application_name === 'string' && typeof body.webhook_event_url === 'string';
}

function missingApplicationFields(res: ServerResponse) {
  error(res, 422, '10015', 'Invalid parameter', 'application_name and webhook_event_url are required.');
}

function defaultInventory(): TelnyxInventoryNumber[] {
  return ['+13125550111', '+13125550112', '+13125557777', '+16465550190'].map((phone_number) => ({
    phone_number,
    country: 'US',
    state: phone_number.startsWith('+1312') ? 'IL' : 'NY',
    locality: phone_number.startsWith('+1312') ? 'Chicago' : 'New York',
  }));
}
