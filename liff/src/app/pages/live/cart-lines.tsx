import { fmtMoney } from "../../i18n";
import { type Line, toneOf } from "./format";
import { LiveIcon } from "./live-icons";
import { tl } from "./messages";

function Thumb(props: { code: string }) {
  return (
    <span class="line-thumb" style={{ background: toneOf(props.code) }} aria-hidden="true">
      {props.code}
    </span>
  );
}

/** The reserved lines: product code tile, name, variant, unit price × quantity, line total. */
export function ReservedLines(props: { lines: Line[] }) {
  return (
    <ul class="cart-lines">
      {props.lines.map((l) => (
        <li key={`${l.code}|${l.variant ?? ""}`} class="cart-line" data-testid="cart-line">
          <Thumb code={l.code} />
          <div class="line-main">
            <p class="line-name">
              {l.name} <span class="line-code">{l.code}</span>
            </p>
            {l.variant ? <span class="variant-chip">{l.variant}</span> : null}
            <p class="line-unit">
              {fmtMoney(l.price)} × {l.qty}
            </p>
          </div>
          <strong class="line-total">{fmtMoney(l.price * l.qty)}</strong>
        </li>
      ))}
    </ul>
  );
}

/** Waitlisted lines with their place in the queue; they are not charged and go at checkout. */
export function WaitlistedLines(props: { lines: Line[] }) {
  return (
    <ul class="cart-lines waitlisted">
      {props.lines.map((l, i) => (
        <li key={`${l.code}|${l.variant ?? ""}|${i}`} class="cart-line" data-testid="waitlist-line">
          <Thumb code={l.code} />
          <div class="line-main">
            <p class="line-name">
              {l.name} <span class="line-code">{l.code}</span>
            </p>
            {l.variant ? <span class="variant-chip">{l.variant}</span> : null}
            <p class="line-unit">
              {fmtMoney(l.price)} × {l.qty}
            </p>
          </div>
          {l.position ? (
            <span class="queue-badge" data-testid="waitlist-position">
              <LiveIcon name="hourglass" size={14} />
              {tl("live.position", { n: l.position })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
