import type { ClientConfig } from "./config";

/**
 * What the pages need from LINE, behind one interface: LIFF in LINE (or a browser with LINE
 * Login), or the sandbox (LIFF mock + ID tokens from the emulator, signed like LINE's).
 */
export interface Platform {
  /** The LIFF ID token the server verifies; the pages never send a user id. */
  idToken(): Promise<string>;
  /** Gets a fresh token after the server said the last one expired (LIFF: log in again). */
  renewToken(): Promise<void>;
  language(): string;
  /** Whether the user has the OA as a friend; null when LINE cannot tell. */
  friendship(): Promise<boolean | null>;
  requestFriendship(): Promise<void>;
  /** The camera scanner; null when unavailable (the page offers typing the code). */
  scan(): Promise<string | null>;
  /** The signed-in LINE user's name, if known. */
  userName(): string | null;
  /**
   * `liff.shareTargetPicker`: the user picks friends or groups and the messages go to them as
   * from the user. "unavailable" where LINE does not offer it (an external browser, a LINE too
   * old, or not enabled for the LIFF app): the page offers the link to copy instead.
   */
  share(messages: ShareMessage[]): Promise<"sent" | "cancelled" | "unavailable">;
}

/** A message for `share` (a Flex card with URI actions, as shareTargetPicker takes). */
export type ShareMessage = { type: "flex"; altText: string; contents: Record<string, unknown> };

let resolvePlatform: (p: Platform) => void;
let rejectPlatform: (e: unknown) => void;
export const platformReady = new Promise<Platform>((resolve, reject) => {
  resolvePlatform = resolve;
  rejectPlatform = reject;
});

/** Starts LIFF, or the sandbox stand-in outside LINE when the server runs in sandbox mode. */
export async function startPlatform(config: ClientConfig): Promise<Platform> {
  try {
    const inLine = /\bLine\//i.test(navigator.userAgent);
    const platform =
      config.sandbox && !inLine
        ? await (await import("./dev/sandbox-platform")).startSandbox(config)
        : await startLiffPlatform(config);
    resolvePlatform(platform);
    return platform;
  } catch (err) {
    rejectPlatform(err);
    throw err;
  }
}

async function startLiffPlatform(config: ClientConfig): Promise<Platform> {
  const { installLiff } = await import("./liff-sdk");
  const liff = installLiff();
  await liff.init({ liffId: config.liffId });
  if (!liff.isLoggedIn()) {
    liff.login({ redirectUri: location.href });
    return new Promise<Platform>(() => {}); // the page is leaving for LINE Login
  }
  const relogin = () => {
    liff.logout();
    liff.login({ redirectUri: location.href });
    return new Promise<void>(() => {});
  };
  return {
    idToken: async () => {
      const token = liff.getIDToken();
      if (!token) return relogin().then(() => "");
      return token;
    },
    renewToken: relogin,
    language: () => liff.getLanguage(),
    friendship: async () => {
      try {
        return (await liff.getFriendship()).friendFlag;
      } catch {
        return null;
      }
    },
    requestFriendship: async () => {
      await liff.requestFriendship();
    },
    scan: async () => {
      try {
        return (await liff.scanCodeV2()).value ?? null;
      } catch {
        return null;
      }
    },
    userName: () => null,
    share: async (messages) => {
      if (!liff.isApiAvailable("shareTargetPicker")) return "unavailable";
      try {
        const sent = await liff.shareTargetPicker(messages as Parameters<typeof liff.shareTargetPicker>[0], {
          isMultiple: false,
        });
        return sent ? "sent" : "cancelled";
      } catch {
        return "unavailable";
      }
    },
  };
}
