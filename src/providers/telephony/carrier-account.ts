/** Credentials for one carrier account, from the platform env (decisions §8) or a workspace integration. */
export type CarrierAccount =
  | { provider: 'sim' }
  | { provider: 'twilio'; accountSid: string; authToken: string; baseUrl: string }
  | {
      provider: 'telnyx';
      apiKey: string;
      baseUrl: string;
      /** Call Control Application numbers attach to; unset = Parley finds or creates its own. */
      connectionId?: string | undefined;
    };

export type TwilioAccount = Extract<CarrierAccount, { provider: 'twilio' }>;
export type TelnyxAccount = Extract<CarrierAccount, { provider: 'telnyx' }>;
