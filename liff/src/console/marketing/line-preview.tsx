/**
 * A broadcast as LINE shows it: the OA's chat with each message in its balloon — texts with the
 * variables filled from a sample member, images, Flex cards drawn by the simulator's renderer
 * (sandbox/flex.tsx) — and the coupon card the server appends.
 *
 * Test ids: line-preview, preview-message (data-kind).
 */
import type { ComponentChildren } from "preact";
import { FlexMessage } from "../../sandbox/flex";
import type { FlexNode } from "../../sandbox/flex-style";
import { STRINGS as SIM_STRINGS } from "../../sandbox/i18n";
import type { Lang } from "../i18n";
import type { MarketingStrings } from "./i18n";
import { couponCard, type MessageDraft, parseFlex } from "./messages";

const VAR = /(\{displayName\}|\{name\}|\{brand\})/;

function textWithVariables(text: string, m: MarketingStrings, brand: string): ComponentChildren {
  return text.split(VAR).map((part, i) =>
    part === "{displayName}" || part === "{name}" ? (
      <span key={i} class="p-var" title={part}>
        {m.sampleName}
      </span>
    ) : part === "{brand}" ? (
      <span key={i} class="p-var" title={part}>
        {brand}
      </span>
    ) : (
      part
    ),
  );
}

export function LinePreview(props: {
  m: MarketingStrings;
  lang: Lang;
  brand: string;
  messages: MessageDraft[];
  coupon: { name: string } | null;
}) {
  const { m } = props;
  const ctx = { onAction: () => {}, t: SIM_STRINGS[props.lang] };
  const bubble = (key: string, kind: string, body: ComponentChildren, plain = false) => (
    <div class="p-row" key={key} data-testid="preview-message" data-kind={kind}>
      <span class="p-gap" aria-hidden="true" />
      {plain ? <div class="p-plain">{body}</div> : <div class="p-bubble">{body}</div>}
    </div>
  );
  return (
    <div class="phone line-phone" data-testid="line-preview">
      <div class="phone-bar">
        <span aria-hidden="true">‹</span>
        {props.brand}
      </div>
      <div class="phone-chat">
        <div class="p-row">
          <span class="p-avatar" aria-hidden="true" />
          <span class="p-name">{props.brand}</span>
        </div>
        {props.messages.map((d, i) => {
          if (d.kind === "text")
            return bubble(
              `m${i}`,
              "text",
              d.text.trim() ? (
                textWithVariables(d.text, m, props.brand)
              ) : (
                <span class="muted">{m.emptyText}</span>
              ),
            );
          if (d.kind === "image")
            return bubble(
              `m${i}`,
              "image",
              /^https:\/\//.test(d.url) ? (
                <img class="p-image p-photo" src={d.url} alt={m.kinds.image} />
              ) : (
                <span class="p-photo-empty">{m.kinds.image}</span>
              ),
              true,
            );
          const flex = parseFlex(d.json);
          return bubble(
            `m${i}`,
            "flex",
            "contents" in flex ? (
              <FlexMessage contents={flex.contents as FlexNode} ctx={ctx} />
            ) : (
              <span class="p-bubble p-bad">{d.altText || m.kinds.flex}</span>
            ),
            true,
          );
        })}
        {props.coupon &&
          bubble(
            "coupon",
            "coupon",
            <FlexMessage
              contents={couponCard(props.coupon.name, m.couponCardTitle, m.couponCardClaim) as FlexNode}
              ctx={ctx}
            />,
            true,
          )}
      </div>
    </div>
  );
}
