import type { ServerResponse } from 'node:http';
import type { ManualClock } from '../../lib/clock.ts';
import { HttpDouble, type RecordedRequest } from './http-double.ts';

/**
 * Base of the action-vendor doubles (SMS, email, calendar): one loopback HttpDouble, a vendor
 * handler, and `hangNext()` to leave a request unanswered so the client's timeout must fire.
 */
export abstract class VendorDouble {
  private hangs = 0;
  protected constructor(readonly http: HttpDouble) {}

  /** Start a double: `make` receives the running server and builds the vendor object. */
  protected static async listen<T extends VendorDouble>(make: (http: HttpDouble) => T): Promise<T> {
    let self: T | undefined;
    const http = await HttpDouble.start((req, res) => self!.dispatch(req, res));
    self = make(http);
    return self;
  }

  get url(): string {
    return this.http.url;
  }

  /** The next request gets no answer at all. */
  hangNext(): void {
    this.hangs += 1;
  }

  /**
   * Leave the next request unanswered, run `call`, wait until the request arrives, advance `clock`
   * by `ms` and return what `call` rejected with (its timeout error).
   */
  async timeoutOf(clock: ManualClock, ms: number, call: () => Promise<unknown>): Promise<unknown> {
    this.hangNext();
    const seen = this.http.requests.length;
    const pending = call().catch((e: unknown) => e);
    while (this.http.requests.length === seen) await new Promise((r) => setTimeout(r, 2));
    clock.advance(ms);
    return pending;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  protected abstract handle(req: RecordedRequest, res: ServerResponse): void;

  private dispatch(req: RecordedRequest, res: ServerResponse): void {
    if (this.hangs > 0) {
      this.hangs -= 1;
      return;
    }
    this.handle(req, res);
  }
}
