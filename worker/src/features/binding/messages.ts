import type { messagingApi } from "@line/bot-sdk";
import type { Config } from "../../config";
import { uriButtonFooter } from "../../line/flex";
import type { BindingTarget } from "./service";

/** The chat message after a successful binding (zh-TW first). */
export function boundMessage(
  config: Pick<Config, "brand" | "line">,
  target: BindingTarget,
  welcomeCoupon: string | null = null,
): messagingApi.Message {
  const lines: messagingApi.FlexComponent[] = [
    { type: "text", text: "綁定成功 🎉", weight: "bold", size: "lg", color: "#06C755" },
    { type: "text", text: `您的會員門市：${target.store.name}`, wrap: true, size: "sm" },
  ];
  if (target.staff)
    lines.push({ type: "text", text: `服務人員：${target.staff.name}`, size: "sm", color: "#52606D" });
  if (welcomeCoupon) {
    lines.push({
      type: "text",
      text: `🎁 已送您「${welcomeCoupon}」，到「優惠券」查看`,
      wrap: true,
      size: "sm",
      color: "#D64541",
    });
  }
  lines.push({
    type: "text",
    text: `Welcome to ${config.brand.name}! Your home store is ${target.store.name}.`,
    wrap: true,
    size: "xs",
    color: "#7B8794",
  });
  return {
    type: "flex",
    altText: `綁定成功！您的會員門市：${target.store.name}`,
    contents: {
      type: "bubble",
      body: { type: "box", layout: "vertical", spacing: "sm", contents: lines },
      footer: uriButtonFooter("完成會員註冊 Register", `https://liff.line.me/${config.line.liffId}/register`),
    },
  };
}
