import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { config } from "../../config";
import { t, useLang } from "../../i18n";
import { platformReady } from "../../platform";
import { Icon } from "../../ui/icons";
import { Button, TabBar, TopBar } from "../../ui/kit";

type Section = "card" | "points" | "coupons" | "profile";

/** Member pages: top bar, content, bottom tabs (card · points · coupons · profile). */
export function MemberShell(props: {
  section: Section;
  title: string;
  back?: string;
  children: ComponentChildren;
}) {
  useLang();
  const tab = (to: string, s: Section, icon: "card" | "points" | "coupon" | "user") => ({
    to,
    label: t(`nav.${s}` as "nav.card"),
    icon,
    active: props.section === s,
  });
  return (
    <div class="shell with-tabs">
      <TopBar title={props.title} {...(props.back ? { back: props.back } : {})} />
      {props.children}
      <TabBar
        label={t("nav.member")}
        tabs={[
          tab("/member", "card", "card"),
          tab("/member/points", "points", "points"),
          tab("/member/coupons", "coupons", "coupon"),
          tab("/member/profile", "profile", "user"),
        ]}
      />
    </div>
  );
}

/** Shown when the user has not added the OA as a friend (liff.getFriendship()). */
export function FriendPrompt() {
  useLang();
  const [state, setState] = useState<"unknown" | "no" | "yes" | "added">("unknown");
  useEffect(() => {
    let live = true;
    platformReady
      .then((p) => p.friendship())
      .then((f) => live && setState(f === false ? "no" : "yes"))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (state === "added")
    return (
      <p class="friend-added" role="status">
        <Icon name="check" /> {t("friend.added")}
      </p>
    );
  if (state !== "no") return null;
  const add = async () => {
    const p = await platformReady;
    await p.requestFriendship();
    setState((await p.friendship()) ? "added" : "no");
  };
  return (
    <section class="friend-prompt" data-testid="friend-prompt" aria-labelledby="friend-title">
      <span class="friend-icon" aria-hidden="true">
        <Icon name="chat" />
      </span>
      <div>
        <h2 id="friend-title">{t("friend.title")}</h2>
        <p>{t("friend.body", { brand: config.brand })}</p>
      </div>
      <Button kind="primary" block={false} onClick={add} testid="add-friend">
        {t("friend.add")}
      </Button>
    </section>
  );
}
