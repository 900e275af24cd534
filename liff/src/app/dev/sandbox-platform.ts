/**
 * Sandbox mode, outside LINE: the real LIFF SDK with `@line/liff-mock`, signed in as a simulated
 * user of the LINE emulator. ID tokens come from the emulator (ES256, its JWKS), so the server
 * verifies them exactly as it verifies LINE's. Loaded only in sandbox mode: production pages
 * never download this chunk or the mock.
 */
import { LiffMockPlugin } from "@line/liff-mock";
import type { SimUserJson } from "../../../../worker/src/sandbox/emulator/types";
import type { ClientConfig } from "../config";
import { installLiff } from "../liff-sdk";
import type { Platform } from "../platform";
import { mountDevBar } from "./dev-bar";
import { pickFriend } from "./share-picker";

const SESSION_KEY = "omo.sandboxUser";

type MockedLiff = ReturnType<typeof installLiff> & {
  $mock: { set(fn: (prev: Record<string, unknown>) => Record<string, unknown>): void };
};

async function control<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`/sandbox/api${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(init?.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export const listUsers = async () => (await control<{ users: SimUserJson[] }>("/state")).users;

/** Which simulated user this tab plays: `?sandboxUser=` (from the chat simulator), else the last one. */
function chosenUser(): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get("sandboxUser");
  if (fromUrl) {
    sessionStorage.setItem(SESSION_KEY, fromUrl);
    localStorage.setItem(SESSION_KEY, fromUrl);
    url.searchParams.delete("sandboxUser");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(SESSION_KEY) ?? localStorage.getItem(SESSION_KEY);
}

/** Plays another simulated user: the page starts again as them. */
export function switchUser(userId: string) {
  sessionStorage.setItem(SESSION_KEY, userId);
  localStorage.setItem(SESSION_KEY, userId);
  location.reload();
}

export async function startSandbox(config: ClientConfig): Promise<Platform> {
  const users = await listUsers();
  const wanted = chosenUser();
  const user = users.find((u) => u.userId === wanted);
  const bar = mountDevBar({ users, current: user ?? null });
  // No simulated user yet: the dev bar asks for one and the page starts again as them.
  if (!user) return new Promise<Platform>(() => {});

  const liff = installLiff((l) => l.use(new LiffMockPlugin() as never)) as MockedLiff;
  await liff.init({ liffId: config.liffId || "sandbox", mock: true } as Parameters<typeof liff.init>[0]);
  if (!liff.isLoggedIn()) liff.login();

  let token: Promise<string> | null = null;
  const fetchToken = () =>
    control<{ idToken: string }>(`/users/${user.userId}/id-token`, { method: "POST", body: "{}" }).then(
      (r) => r.idToken,
    );
  const mock = (data: Record<string, unknown>) => liff.$mock.set((prev) => ({ ...prev, ...data }));
  mock({
    // The LINE app's own language, which LIFF always knows (a profile may carry none).
    getLanguage: user.language ?? "zh-TW",
    getProfile: { userId: user.userId, displayName: user.displayName },
    getFriendship: { friendFlag: user.friendship === "friend" },
  });

  return {
    idToken: () => {
      token ??= fetchToken().then((t) => {
        mock({ getIDToken: t });
        return liff.getIDToken() ?? t;
      });
      return token;
    },
    renewToken: async () => {
      token = null;
    },
    language: () => liff.getLanguage(),
    friendship: async () => {
      // The simulator may have added or blocked the OA since: ask the emulator each time.
      const now = (await listUsers()).find((u) => u.userId === user.userId);
      mock({ getFriendship: { friendFlag: now?.friendship === "friend" } });
      return (await liff.getFriendship()).friendFlag;
    },
    requestFriendship: async () => {
      await control(`/users/${user.userId}/follow`, { method: "POST", body: "{}" }).catch(() => undefined);
    },
    scan: async () => {
      // The dev bar's "next scan" stands in for the camera; empty means "type it in".
      const value = bar.nextScan();
      if (!value) return null;
      mock({ scanCode: { value } });
      return (await liff.scanCodeV2()).value ?? null;
    },
    userName: () => user.displayName,
    share: async (messages) => {
      // The LIFF mock answers shareTargetPicker with a fixed value and sends nothing: a picker of
      // the other simulated users stands in, and the emulator puts the messages in their chat.
      const to = await pickFriend((await listUsers()).filter((u) => u.userId !== user.userId));
      if (!to) return "cancelled";
      await control(`/users/${user.userId}/share`, {
        method: "POST",
        body: JSON.stringify({ to: to.userId, messages }),
      });
      return "sent";
    },
  };
}
