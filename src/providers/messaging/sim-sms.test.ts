import { describe, expect, it } from 'vitest';
import { newId } from '../../domain/ids.ts';
import { FakeSms } from './fake-sms.ts';
import { SimSms } from './sim-sms.ts';
import { runSmsContract } from './sms.contract.ts';

runSmsContract('sim', () => ({ sender: new SimSms(() => newId('message')), from: '+15550100000' }));

const fake = new FakeSms();
runSmsContract('fake', () => ({ sender: fake, from: '+15550100000', delivered: () => fake.sent }));

describe('SimSms', () => {
  it('accepts as delivered with a msg_ id', async () => {
    const sent = await new SimSms(() => newId('message')).send({
      from: '+15550100000',
      to: '+14155550123',
      body: 'hi',
    });
    expect(sent).toEqual({ id: expect.stringMatching(/^msg_/), provider: 'sim', status: 'delivered' });
  });

  it('refuses Twilio’s magic undeliverable test numbers like a carrier would', async () => {
    const err = await new SimSms(() => newId('message'))
      .send({ from: '+15550100000', to: '+15005550009', body: 'hi' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      statusCode: 400,
      retryable: false,
      message: expect.stringContaining('cannot receive SMS'),
    });
  });
});
