import { ProviderError } from '../errors.ts';
import { runEmailContract } from './email.contract.ts';
import { FakeEmail } from './fake-email.ts';

const fake = new FakeEmail();

runEmailContract('fake', () => {
  const rejected = new FakeEmail();
  rejected.failNext(new ProviderError('fake', 'fake answered HTTP 401: invalid key', { statusCode: 401 }));
  return { sender: fake, rejectedSender: rejected, from: 'support@acme.test', delivered: () => fake.sent };
});
