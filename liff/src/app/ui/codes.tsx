import { encode } from "uqr";
import { bars } from "./code128";

/** A QR code as one SVG path (crisp at any size); `label` names it for screen readers. */
export function Qr(props: { value: string; label: string; size?: number | string; class?: string }) {
  const { data } = encode(props.value, { ecc: "M", border: 2 });
  const n = data.length;
  let d = "";
  data.forEach((row, y) => {
    row.forEach((on, x) => {
      if (on) d += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg
      class={props.class ?? "qr"}
      viewBox={`0 0 ${n} ${n}`}
      width={props.size}
      height={props.size}
      role="img"
      aria-label={props.label}
      data-value={props.value}
      shape-rendering="crispEdges"
    >
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#111" />
    </svg>
  );
}

/** A Code 128 barcode, stretched to its box (quiet zones included). */
export function Barcode(props: { value: string; label: string; height?: number }) {
  const b = bars(props.value);
  const h = 40;
  return (
    <svg
      class="barcode"
      viewBox={`0 0 ${b.width} ${h}`}
      preserveAspectRatio="none"
      height={props.height ?? 72}
      role="img"
      aria-label={props.label}
      data-value={props.value}
      shape-rendering="crispEdges"
    >
      <rect width={b.width} height={h} fill="#fff" />
      <path d={b.bars.map(([x, w]) => `M${x} 0h${w}v${h}h-${w}z`).join("")} fill="#111" />
    </svg>
  );
}

/** `1234567890123456` → `1234 5678 9012 3456`, for reading aloud and typing. */
export const groupCode = (code: string) => code.replace(/(.{4})(?=.)/g, "$1 ");
