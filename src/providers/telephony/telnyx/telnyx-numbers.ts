import { z } from 'zod';
import type { TelnyxAccount } from '../carrier-account.ts';
import { carrierError, carrierRequest } from '../carrier-http.ts';
import {
  type AvailableNumber,
  type CarrierNumber,
  CarrierNumberError,
  type NumberProvider,
  type NumberSearch,
  type NumberWebhooks,
} from '../numbers.ts';

/** Name of the Call Control Application Parley creates when none is configured. */
export const parleyApplicationName = 'Parley';

const TelnyxErrors = z.object({
  errors: z.array(
    z.object({ code: z.unknown(), title: z.string().optional(), detail: z.string().optional() }),
  ),
});
const Available = z.object({
  data: z.array(
    z
      .object({
        phone_number: z.string(),
        region_information: z
          .array(z.object({ region_type: z.string(), region_name: z.string().nullish() }))
          .nullish(),
        features: z.array(z.object({ name: z.string() })).nullish(),
      })
      .loose(),
  ),
});
const Application = z.object({
  id: z.string(),
  application_name: z.string(),
  webhook_event_url: z.string().nullish(),
});
const NumberList = z.object({
  data: z.array(z.object({ id: z.string(), phone_number: z.string() }).loose()),
});

/** Number management over Telnyx API v2 (available_phone_numbers, number_orders, phone_numbers). */
export class TelnyxNumberProvider implements NumberProvider {
  readonly provider = 'telnyx' as const;
  readonly capabilities = { countries: [], perNumberWebhooks: false };

  constructor(private readonly account: TelnyxAccount) {}

  async searchAvailable(search: NumberSearch): Promise<AvailableNumber[]> {
    const q = new URLSearchParams({
      'filter[country_code]': search.country,
      'filter[features]': 'voice',
      'filter[limit]': String(search.limit),
    });
    if (search.areaCode) q.set('filter[national_destination_code]', search.areaCode);
    if (search.contains) q.set('filter[phone_number][contains]', search.contains);
    const list = Available.parse(await this.call('GET', `/available_phone_numbers?${q}`));
    return list.data.slice(0, search.limit).map((n) => {
      const region = (type: string) =>
        n.region_information?.find((r) => r.region_type === type)?.region_name ?? null;
      const features = new Set((n.features ?? []).map((f) => f.name));
      return {
        phone_number: n.phone_number,
        friendly_name: null,
        country: region('country_code') ?? search.country,
        region: region('state'),
        locality: region('location') ?? region('rate_center'),
        capabilities: { voice: features.has('voice'), sms: features.has('sms'), mms: features.has('mms') },
      };
    });
  }

  async purchase(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber> {
    const connectionId = await this.application(webhooks.voiceUrl);
    await this.call('POST', '/number_orders', {
      phone_numbers: [{ phone_number: phoneNumber }],
      connection_id: connectionId,
    });
    // The order completes asynchronously; the phone-number id is looked up when it is needed.
    return { phoneNumber, carrierNumberId: null, connectionId };
  }

  async connect(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber> {
    const id = await this.findNumberId(phoneNumber);
    if (!id)
      throw new CarrierNumberError(
        'telnyx',
        'not_on_account',
        `${phoneNumber} is not a number on this Telnyx account. Buy or port it in the Telnyx Portal first.`,
      );
    const connectionId = await this.application(webhooks.voiceUrl);
    await this.call('PATCH', `/phone_numbers/${encodeURIComponent(id)}`, { connection_id: connectionId });
    return { phoneNumber, carrierNumberId: id, connectionId };
  }

  async release(number: CarrierNumber): Promise<void> {
    const id = number.carrierNumberId ?? (await this.findNumberId(number.phoneNumber));
    if (!id) return;
    await this.call('DELETE', `/phone_numbers/${encodeURIComponent(id)}`, undefined, [404]);
  }

  /** The Call Control Application whose webhook is Parley's voice URL: the configured one (updated if needed), else Parley's own. */
  private async application(voiceUrl: string): Promise<string> {
    if (this.account.connectionId) {
      const path = `/call_control_applications/${encodeURIComponent(this.account.connectionId)}`;
      const app = z.object({ data: Application }).parse(await this.call('GET', path)).data;
      if (app.webhook_event_url !== voiceUrl)
        await this.call('PATCH', path, {
          application_name: app.application_name,
          webhook_event_url: voiceUrl,
        });
      return app.id;
    }
    const q = new URLSearchParams({ 'filter[application_name][contains]': parleyApplicationName });
    const list = z
      .object({ data: z.array(Application) })
      .parse(await this.call('GET', `/call_control_applications?${q}`));
    const mine = list.data.find((a) => a.webhook_event_url === voiceUrl);
    if (mine) return mine.id;
    const created = z.object({ data: Application }).parse(
      await this.call('POST', '/call_control_applications', {
        application_name: parleyApplicationName,
        webhook_event_url: voiceUrl,
        webhook_api_version: '2',
      }),
    );
    return created.data.id;
  }

  private async findNumberId(phoneNumber: string): Promise<string | undefined> {
    // The filter takes digits only; it matches by substring, so the exact number is picked below.
    const q = new URLSearchParams({ 'filter[phone_number]': phoneNumber.replace(/\D/g, '') });
    const list = NumberList.parse(await this.call('GET', `/phone_numbers?${q}`));
    return list.data.find((n) => n.phone_number === phoneNumber)?.id;
  }

  /** One Bearer-authenticated JSON request under /v2; `tolerated` statuses resolve to undefined. */
  private async call(method: string, path: string, json?: unknown, tolerated: number[] = []) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.account.apiKey}`,
      accept: 'application/json',
    };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await carrierRequest('telnyx', `${this.account.baseUrl}/v2${path}`, {
      method,
      headers,
      requestIdHeader: 'x-request-id',
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    if (res.status >= 200 && res.status < 300) return res.body;
    if (tolerated.includes(res.status)) return undefined;
    const parsed = TelnyxErrors.safeParse(res.body);
    const first = parsed.success ? parsed.data.errors[0] : undefined;
    const detail = first ? (first.detail ?? first.title) : undefined;
    // Telnyx answers 422 when an ordered number cannot be had (sold, reserved, not orderable).
    if (method === 'POST' && path === '/number_orders' && res.status === 422)
      throw new CarrierNumberError('telnyx', 'not_available', `Telnyx: ${detail ?? 'number not available'}`);
    throw carrierError('telnyx', res, detail);
  }
}
