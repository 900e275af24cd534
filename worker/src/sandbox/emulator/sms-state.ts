import type { Clock } from "../../ports/clock";
import type { Ids } from "../../ports/ids";
import type { SmsFault, SmsMessageJson, SmsRequestJson } from "./sms-types";

export const MAX_SMS = 2_000;

/**
 * The SMS provider stand-in's memory: the accounts it knows, every message it accepted (the
 * phones' inboxes), the wire log and injected faults. In memory, like the LINE emulator: gone
 * on restart, capped so a long-running sandbox stays small.
 */
export class SmsEmulatorState {
  readonly accounts: Map<string, string>;
  messages: SmsMessageJson[] = [];
  requests: SmsRequestJson[] = [];
  faults: SmsFault[] = [];

  constructor(
    readonly clock: Clock,
    readonly ids: Ids,
    accounts: Array<{ accountSid: string; authToken: string }>,
  ) {
    this.accounts = new Map(accounts.map((a) => [a.accountSid, a.authToken]));
  }

  hex32(): string {
    return this.ids.uuid().replace(/-/g, "").toLowerCase();
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  accept(m: Omit<SmsMessageJson, "sid" | "at">): SmsMessageJson {
    const message = { sid: `SM${this.hex32()}`, ...m, at: this.nowIso() };
    this.messages.push(message);
    if (this.messages.length > MAX_SMS) this.messages.splice(0, this.messages.length - MAX_SMS);
    return message;
  }

  record(r: SmsRequestJson): SmsRequestJson {
    this.requests.push(r);
    if (this.requests.length > MAX_SMS) this.requests.splice(0, this.requests.length - MAX_SMS);
    return r;
  }

  /** Messages to this number, newest first. */
  inbox(phone: string): SmsMessageJson[] {
    return this.messages.filter((m) => m.to === phone).reverse();
  }

  addFault(f: Omit<SmsFault, "id">): SmsFault {
    const fault = { id: `smsf_${this.hex32().slice(0, 12)}`, ...f };
    this.faults.push(fault);
    return fault;
  }

  takeFault(): SmsFault | undefined {
    const fault = this.faults[0];
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.shift();
    return fault;
  }
}
