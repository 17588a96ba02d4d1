import type { Timer } from '../../lib/clock.ts';
import type { CallClock } from '../call-clock.ts';

/** Keypad digits pressed in one go, handed on at `#` or once `timeoutMs` pass without another. */
export class DtmfDigits {
  private digits = '';
  private startMs = -1;
  private timer: Timer | undefined;

  constructor(
    private readonly time: CallClock,
    private readonly timeoutMs: number,
    private readonly onDigits: (digits: string, startMs: number) => void,
  ) {}

  press(digit: string, atMs: number): void {
    if (!this.digits) this.startMs = atMs;
    this.digits += digit;
    this.time.clearTimeout(this.timer);
    if (digit === '#') this.flush();
    else this.timer = this.time.setTimeout(() => this.flush(), this.timeoutMs);
  }

  cancel(): void {
    this.time.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.cancel();
    const digits = this.digits;
    if (!digits) return;
    this.digits = '';
    this.onDigits(digits, this.startMs);
  }
}
