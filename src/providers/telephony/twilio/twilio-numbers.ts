import { z } from 'zod';
import type { TwilioAccount } from '../carrier-account.ts';
import { carrierError, carrierRequest } from '../carrier-http.ts';
import {
  type AvailableNumber,
  type CarrierNumber,
  CarrierNumberError,
  type NumberProvider,
  type NumberSearch,
  type NumberWebhooks,
} from '../numbers.ts';

const TwilioError = z.object({ code: z.number().optional(), message: z.string().optional() }).loose();
const AvailableList = z.object({
  available_phone_numbers: z.array(
    z
      .object({
        phone_number: z.string(),
        friendly_name: z.string().nullish(),
        iso_country: z.string().nullish(),
        region: z.string().nullish(),
        locality: z.string().nullish(),
        capabilities: z.record(z.string(), z.unknown()).nullish(),
      })
      .loose(),
  ),
});
const IncomingNumber = z.object({ sid: z.string(), phone_number: z.string() }).loose();
const IncomingList = z.object({ incoming_phone_numbers: z.array(IncomingNumber) });

/** Twilio error 21422: "PhoneNumber is not available" when buying. */
const notAvailableCodes = new Set([21421, 21422]);

/** Number management over Twilio's 2010-04-01 REST API (AvailablePhoneNumbers, IncomingPhoneNumbers). */
export class TwilioNumberProvider implements NumberProvider {
  readonly provider = 'twilio' as const;
  readonly capabilities = { countries: [], perNumberWebhooks: true };

  constructor(private readonly account: TwilioAccount) {}

  async searchAvailable(search: NumberSearch): Promise<AvailableNumber[]> {
    const query = new URLSearchParams({ VoiceEnabled: 'true', PageSize: String(search.limit) });
    if (search.areaCode) query.set('AreaCode', search.areaCode);
    if (search.contains) query.set('Contains', search.contains);
    const path = `/AvailablePhoneNumbers/${encodeURIComponent(search.country)}/Local.json?${query}`;
    const list = AvailableList.parse(await this.call('GET', path));
    return list.available_phone_numbers.slice(0, search.limit).map((n) => {
      const caps = Object.fromEntries(
        Object.entries(n.capabilities ?? {}).map(([k, v]) => [k.toLowerCase(), v === true]),
      );
      return {
        phone_number: n.phone_number,
        friendly_name: n.friendly_name ?? null,
        country: n.iso_country ?? search.country,
        region: n.region ?? null,
        locality: n.locality ?? null,
        capabilities: { voice: caps.voice ?? false, sms: caps.sms ?? false, mms: caps.mms ?? false },
      };
    });
  }

  async purchase(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber> {
    const form = new URLSearchParams({ PhoneNumber: phoneNumber, ...webhookParams(webhooks) });
    const created = IncomingNumber.parse(await this.call('POST', '/IncomingPhoneNumbers.json', form));
    return { phoneNumber: created.phone_number, carrierNumberId: created.sid, connectionId: null };
  }

  async connect(phoneNumber: string, webhooks: NumberWebhooks): Promise<CarrierNumber> {
    const sid = await this.findSid(phoneNumber);
    if (!sid)
      throw new CarrierNumberError(
        'twilio',
        'not_on_account',
        `${phoneNumber} is not a number on Twilio account ${this.account.accountSid}. Buy or port it in the Twilio Console first.`,
      );
    await this.call(
      'POST',
      `/IncomingPhoneNumbers/${sid}.json`,
      new URLSearchParams(webhookParams(webhooks)),
    );
    return { phoneNumber, carrierNumberId: sid, connectionId: null };
  }

  async release(number: CarrierNumber): Promise<void> {
    const sid = number.carrierNumberId ?? (await this.findSid(number.phoneNumber));
    if (!sid) return;
    await this.call('DELETE', `/IncomingPhoneNumbers/${sid}.json`, undefined, [404]);
  }

  private async findSid(phoneNumber: string): Promise<string | undefined> {
    const query = new URLSearchParams({ PhoneNumber: phoneNumber, PageSize: '20' });
    const list = IncomingList.parse(await this.call('GET', `/IncomingPhoneNumbers.json?${query}`));
    return list.incoming_phone_numbers.find((n) => n.phone_number === phoneNumber)?.sid;
  }

  /** One authenticated request under /2010-04-01/Accounts/{sid}; `tolerated` statuses resolve to undefined. */
  private async call(method: string, path: string, form?: URLSearchParams, tolerated: number[] = []) {
    const { accountSid, authToken, baseUrl } = this.account;
    const url = `${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}${path}`;
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      accept: 'application/json',
    };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await carrierRequest('twilio', url, {
      method,
      headers,
      requestIdHeader: 'twilio-request-id',
      ...(form ? { body: form.toString() } : {}),
    });
    if (res.status >= 200 && res.status < 300) return res.body;
    if (tolerated.includes(res.status)) return undefined;
    const err = TwilioError.safeParse(res.body);
    const detail = err.success ? err.data : {};
    if (method === 'POST' && path === '/IncomingPhoneNumbers.json' && notAvailableCodes.has(detail.code ?? 0))
      throw new CarrierNumberError(
        'twilio',
        'not_available',
        `Twilio: ${detail.message ?? 'number not available'}`,
      );
    throw carrierError(
      'twilio',
      res,
      detail.message ? `${detail.message}${detail.code ? ` (code ${detail.code})` : ''}` : undefined,
    );
  }
}

/** Voice webhooks Twilio calls for this number (POST, as Parley's callbacks expect). */
function webhookParams(w: NumberWebhooks): Record<string, string> {
  return {
    VoiceUrl: w.voiceUrl,
    VoiceMethod: 'POST',
    StatusCallback: w.statusCallbackUrl,
    StatusCallbackMethod: 'POST',
  };
}
