/**
 * The LIFF SDK, pluggable: the core plus only the modules these pages call. Loaded as its own
 * chunk (counted apart from the pages' own JS in the size budget).
 */
import liff from "@line/liff/core";
import GetFriendship from "@line/liff/get-friendship";
import GetIDToken from "@line/liff/get-id-token";
import GetLanguage from "@line/liff/get-language";
import IsApiAvailable from "@line/liff/is-api-available";
import IsInClient from "@line/liff/is-in-client";
import IsLoggedIn from "@line/liff/is-logged-in";
import Login from "@line/liff/login";
import Logout from "@line/liff/logout";
import RequestFriendship from "@line/liff/request-friendship";
import ScanCodeV2 from "@line/liff/scan-code-v2";
import ShareTargetPicker from "@line/liff/share-target-picker";

let installed = false;

/** Installs the modules. `beforeRest` runs right after IsInClient, which the LIFF mock needs first. */
export function installLiff(beforeRest?: (l: typeof liff) => void): typeof liff {
  if (installed) return liff;
  installed = true;
  liff.use(new IsInClient());
  beforeRest?.(liff);
  liff.use(new IsLoggedIn());
  liff.use(new Login());
  liff.use(new Logout());
  liff.use(new GetIDToken());
  liff.use(new GetLanguage());
  liff.use(new GetFriendship());
  liff.use(new RequestFriendship());
  liff.use(new ScanCodeV2());
  liff.use(new IsApiAvailable());
  liff.use(new ShareTargetPicker());
  return liff;
}

export type Liff = typeof liff;
