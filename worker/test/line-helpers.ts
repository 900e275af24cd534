import type { RecordedRequest } from "../src/sandbox/emulator/types";
import type { TestApp } from "./harness";

/** What the app asked of LINE, from the emulator's request log. */
export async function lineRequests(t: TestApp, endpoint?: string): Promise<RecordedRequest[]> {
  const res = await t.line.control(`/requests${endpoint ? `?endpoint=${endpoint}` : ""}`);
  return ((await res.json()) as { requests: RecordedRequest[] }).requests;
}

/** A simulated LINE user who adds the OA; `language` is their profile's (null: none given). */
export async function createFriend(
  t: TestApp,
  displayName = "小美",
  language: "zh-TW" | "en" | null = "zh-TW",
): Promise<string> {
  const res = await t.line.control("/users", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ displayName, language }),
  });
  const user = (await res.json()) as { userId: string };
  await t.line.control(`/users/${user.userId}/follow`, { method: "POST" });
  await t.settle();
  return user.userId;
}

export async function say(t: TestApp, userId: string, text: string): Promise<void> {
  const res = await t.line.control("/messages", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat: { type: "user", userId }, from: userId, message: { type: "text", text } }),
  });
  if (res.status !== 202) throw new Error(`simulated message refused: ${res.status} ${await res.text()}`);
  await t.settle();
}

export async function chatLog(t: TestApp, chatId: string) {
  const res = await t.line.control(`/chats/${chatId}/log`);
  return (
    (await res.json()) as {
      entries: Array<{ direction: string; via?: string; message: Record<string, unknown> }>;
    }
  ).entries;
}

export async function fault(t: TestApp, f: Record<string, unknown>): Promise<void> {
  await t.line.control("/faults", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(f),
  });
}
