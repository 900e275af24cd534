import type { messagingApi } from "@line/bot-sdk";
import type { Config } from "../../config";
import { say } from "../../lib/errors";
import { type ReaderLang, told } from "../../lib/reader-lang";
import { uriButtonFooter } from "../../line/flex";
import type { BindingTarget } from "./service";

/** The chat message after a successful binding, in the member's language (both when unknown). */
export function boundMessage(
  config: Pick<Config, "brand" | "line">,
  target: BindingTarget,
  welcomeCoupon: string | null,
  lang: ReaderLang,
): messagingApi.Message {
  const en = lang === "en";
  const store = target.store.name;
  const lines: messagingApi.FlexComponent[] = [
    {
      type: "text",
      text: en ? "You're a member 🎉" : "綁定成功 🎉",
      weight: "bold",
      size: "lg",
      color: "#06C755",
    },
    { type: "text", text: en ? `Home store: ${store}` : `您的會員門市：${store}`, wrap: true, size: "sm" },
  ];
  if (target.staff)
    lines.push({
      type: "text",
      text: en ? `Served by ${target.staff.name}` : `服務人員：${target.staff.name}`,
      size: "sm",
      color: "#52606D",
      wrap: true,
    });
  if (welcomeCoupon) {
    lines.push({
      type: "text",
      text: en
        ? `🎁 A gift for you: "${welcomeCoupon}" — see it under Coupons`
        : `🎁 已送您「${welcomeCoupon}」，到「優惠券」查看`,
      wrap: true,
      size: "sm",
      color: "#D64541",
    });
  }
  if (lang === null)
    lines.push({
      type: "text",
      text: `Welcome to ${config.brand.name}! Your home store is ${store}.`,
      wrap: true,
      size: "xs",
      color: "#7B8794",
    });
  else if (en)
    lines.push({
      type: "text",
      text: `Welcome to ${config.brand.name}!`,
      wrap: true,
      size: "xs",
      color: "#7B8794",
    });
  return {
    type: "flex",
    altText: en ? `You're a member! Home store: ${store}` : `綁定成功！您的會員門市：${store}`,
    contents: {
      type: "bubble",
      body: { type: "box", layout: "vertical", spacing: "sm", contents: lines },
      footer: uriButtonFooter(
        told(lang, say("完成會員註冊", "Register"), " "),
        `https://liff.line.me/${config.line.liffId}/register`,
      ),
    },
  };
}
