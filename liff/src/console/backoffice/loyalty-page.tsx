/**
 * 點數與等級: the earn rules (`/api/admin/loyalty/earn-rules`), the tiers and how many members
 * hold each (`/api/admin/loyalty/tiers`), and the event coupons, tier review day and expiry
 * reminder (`/api/admin/loyalty/settings`). Fields keep what was typed; what is not a number is
 * caught here, every other rule is the API's, shown on the field it names.
 *
 * Test ids: loyalty-page, earn-form, earn-<field> (amountPerPoint, tier-<code>, channel-<code>),
 * earn-example, earn-save, tiers-table, tier-row (data-code, data-members), settings-form,
 * set-<setting>, settings-save, and `<id>-error` under each field.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import { money } from "../format";
import type { Ctx } from "../nav";
import { TextField } from "../ui";
import { LOYALTY_TEXT, type LoyaltyText } from "./loyalty-strings";
import { apiFields, type CouponTemplate, errorText, type Schemas, useText } from "./shared";

type EarnRules = Schemas["EarnRules"];
type Settings = Schemas["LoyaltySettings"];
type Tiers = Schemas["LoyaltyTiers"];
type Fields = Record<string, string>;

/** A decimal as typed (never coerced): the number, or null when it is not one. */
const decimal = (text: string): number | null => (/^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : null);

const TIER_CODES = ["regular", "gold", "platinum"] as const;
const CHANNELS = ["store", "online", "live"] as const;
const TEMPLATE_SETTINGS = [
  "welcomeCouponTemplate",
  "birthdayCouponTemplate",
  "goldCouponTemplate",
  "platinumCouponTemplate",
] as const;

function EarnRulesCard({ ctx, l }: { ctx: Ctx; l: LoyaltyText }) {
  const s = useText(ctx);
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [errors, setErrors] = useState<Fields>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState("");
  const fill = (r: EarnRules) =>
    setDraft({
      amountPerPoint: String(r.amountPerPoint),
      ...Object.fromEntries(TIER_CODES.map((k) => [`tierMultipliers.${k}`, String(r.tierMultipliers[k])])),
      ...Object.fromEntries(
        CHANNELS.map((k) => [`channelMultipliers.${k}`, String(r.channelMultipliers[k])]),
      ),
    });
  useEffect(() => {
    ctx.api
      .request<EarnRules>("GET", "/api/admin/loyalty/earn-rules")
      .then(fill, (e) => setFailed(errorText(e, ctx.lang)));
  }, [ctx.api]);
  if (!draft) return <section class="card card-pad">{failed || s.loading}</section>;

  const parsed = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, decimal(v)]));
  const rules: EarnRules | null = Object.values(parsed).every((v) => v !== null)
    ? {
        amountPerPoint: parsed.amountPerPoint as number,
        tierMultipliers: Object.fromEntries(
          TIER_CODES.map((k) => [k, parsed[`tierMultipliers.${k}`]]),
        ) as EarnRules["tierMultipliers"],
        channelMultipliers: Object.fromEntries(
          CHANNELS.map((k) => [k, parsed[`channelMultipliers.${k}`]]),
        ) as EarnRules["channelMultipliers"],
      }
    : null;
  // The example a brand thinks in: NT$1,000 by a gold member in a store.
  const example =
    rules && rules.amountPerPoint >= 1
      ? Math.floor(
          (Math.floor(1000 / rules.amountPerPoint) *
            Math.round(rules.tierMultipliers.gold * rules.channelMultipliers.store * 100)) /
            100,
        )
      : null;

  const save = async () => {
    const local: Fields = {};
    for (const [k, v] of Object.entries(parsed)) if (v === null) local[k] = l.notNumber;
    setErrors(local);
    if (!rules) return;
    setBusy(true);
    try {
      fill(await ctx.api.request<EarnRules>("PUT", "/api/admin/loyalty/earn-rules", rules));
      ctx.toast(l.saved);
    } catch (e) {
      const fields = apiFields(e, ctx, {
        fullPath: true,
        rule: (p) => (p === "amountPerPoint" ? l.rule.amountPerPoint : l.rule.multiplier),
      });
      if (fields) setErrors(fields);
      else ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };
  const field = (key: string, id: string, label: string, hint?: string) => (
    <TextField
      id={id}
      label={label}
      placeholder={hint}
      inputMode="decimal"
      value={draft[key] ?? ""}
      error={errors[key] ?? ""}
      testId={id}
      errorTestId={`${id}-error`}
      onInput={(v) => {
        setDraft({ ...draft, [key]: v });
        setErrors(({ [key]: _, ...rest }) => rest);
      }}
    />
  );
  return (
    <form
      class="card card-pad bo-form"
      data-testid="earn-form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div>
        <h2 class="card-title">{l.earnTitle}</h2>
        <p class="hint">{l.earnLead}</p>
      </div>
      {field("amountPerPoint", "earn-amountPerPoint", l.amountPerPoint)}
      <fieldset class="bo-fieldset">
        <legend class="field-label">{l.tierMultipliers}</legend>
        <div class="bo-form-row bo-form-row-3">
          {TIER_CODES.map((k) =>
            field(`tierMultipliers.${k}`, `earn-tier-${k}`, s.tiers[k] ?? k, l.multiplierHint),
          )}
        </div>
      </fieldset>
      <fieldset class="bo-fieldset">
        <legend class="field-label">{l.channelMultipliers}</legend>
        <div class="bo-form-row bo-form-row-3">
          {CHANNELS.map((k) =>
            field(`channelMultipliers.${k}`, `earn-channel-${k}`, l.channels[k] ?? k, l.multiplierHint),
          )}
        </div>
      </fieldset>
      <p class="hint" data-testid="earn-example">
        {example !== null
          ? l.example(money(1000), s.tiers.gold ?? "gold", l.channels.store ?? "", String(example))
          : ""}
      </p>
      <div class="bo-form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="earn-save">
          {busy ? l.saving : l.save}
        </button>
      </div>
    </form>
  );
}

function TiersCard({ ctx, l }: { ctx: Ctx; l: LoyaltyText }) {
  const s = useText(ctx);
  const [tiers, setTiers] = useState<Tiers | null>(null);
  const [failed, setFailed] = useState("");
  useEffect(() => {
    ctx.api
      .request<Tiers>("GET", "/api/admin/loyalty/tiers")
      .then(setTiers, (e) => setFailed(errorText(e, ctx.lang)));
  }, [ctx.api]);
  return (
    <section class="card">
      <div class="card-head">
        <h2 class="card-title">{l.tiersTitle}</h2>
      </div>
      {!tiers ? (
        <p class="empty">{failed || s.loading}</p>
      ) : (
        <>
          <p class="hint card-pad-x">{l.tiersLead(tiers.windowDays)}</p>
          <table class="table" data-testid="tiers-table">
            <thead>
              <tr>
                <th scope="col">{l.colTier}</th>
                <th scope="col" class="num">
                  {l.colThreshold}
                </th>
                <th scope="col" class="num">
                  {l.colMembers}
                </th>
              </tr>
            </thead>
            <tbody>
              {tiers.tiers.map((t) => (
                <tr key={t.code} data-testid="tier-row" data-code={t.code} data-members={t.members}>
                  <td class="strong">{ctx.lang === "en" ? t.en : t.zh}</td>
                  <td class="num">{money(t.threshold)}</td>
                  <td class="num">{t.members.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function SettingsCard({ ctx, l }: { ctx: Ctx; l: LoyaltyText }) {
  const s = useText(ctx);
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [templates, setTemplates] = useState<CouponTemplate[]>([]);
  const [errors, setErrors] = useState<Fields>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState("");
  const fill = (x: Settings) => {
    setSaved(x);
    setDraft(Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v ?? ""])));
  };
  useEffect(() => {
    ctx.api
      .request<Settings>("GET", "/api/admin/loyalty/settings")
      .then(fill, (e) => setFailed(errorText(e, ctx.lang)));
    ctx.api.request<{ templates: CouponTemplate[] }>("GET", "/api/admin/coupon-templates").then(
      (r) => setTemplates(r.templates),
      () => setTemplates([]),
    );
  }, [ctx.api]);
  if (!saved) return <section class="card card-pad">{failed || s.loading}</section>;

  const set = (k: string, v: string) => {
    setDraft({ ...draft, [k]: v });
    setErrors(({ [k]: _, ...rest }) => rest);
  };
  const save = async () => {
    const days = draft.expiryReminderDays?.trim() ?? "";
    if (days && decimal(days) === null) {
      setErrors({ expiryReminderDays: l.notNumber });
      return;
    }
    // Only what changed is sent; an empty field clears its setting.
    const body: Record<string, string | number | null> = {};
    for (const [k, v] of Object.entries(draft)) {
      const text = v.trim();
      if (text === (saved[k as keyof Settings] ?? "")) continue;
      body[k] = text === "" ? null : k === "expiryReminderDays" ? Number(text) : text;
    }
    setErrors({});
    if (Object.keys(body).length === 0) {
      ctx.toast(l.unchanged);
      return;
    }
    setBusy(true);
    try {
      fill(await ctx.api.request<Settings>("PUT", "/api/admin/loyalty/settings", body));
      ctx.toast(l.saved);
    } catch (e) {
      const fields = apiFields(e, ctx, {
        fullPath: true,
        rule: (p) =>
          p === "tierReviewDay"
            ? l.rule.tierReviewDay
            : p === "expiryReminderDays"
              ? l.rule.expiryReminderDays
              : undefined,
      });
      if (fields) setErrors(e instanceof ApiError && e.status === 404 ? mapNotFound(e, fields) : fields);
      else ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };
  const mapNotFound = (e: ApiError, fields: Fields) =>
    Object.fromEntries(Object.keys(fields).map((k) => [k, errorText(e, ctx.lang)]));
  const named = (id: string) => {
    const t = templates.find((x) => x.id === id);
    return t ? `${t.name}${t.active ? "" : l.voidedTemplate}` : id;
  };
  return (
    <form
      class="card card-pad bo-form"
      data-testid="settings-form"
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div>
        <h2 class="card-title">{l.eventsTitle}</h2>
        <p class="hint">{l.eventsLead}</p>
      </div>
      <div class="bo-form-row">
        {TEMPLATE_SETTINGS.map((k) => {
          const current = draft[k] ?? "";
          const offered = templates.filter((t) => t.active || t.id === current);
          return (
            <div class="field" key={k}>
              <label class="field-label" for={`set-${k}`}>
                {l[k]}
              </label>
              <select
                id={`set-${k}`}
                class="input"
                value={current}
                data-testid={`set-${k}`}
                aria-invalid={errors[k] ? true : undefined}
                aria-describedby={errors[k] ? `set-${k}-error` : undefined}
                onChange={(e) => set(k, e.currentTarget.value)}
              >
                <option value="">{l.noCoupon}</option>
                {current && !offered.some((t) => t.id === current) && (
                  <option value={current}>{current}</option>
                )}
                {offered.map((t) => (
                  <option key={t.id} value={t.id}>
                    {named(t.id)}
                  </option>
                ))}
              </select>
              {errors[k] && (
                <p class="field-error" id={`set-${k}-error`} data-testid={`set-${k}-error`}>
                  {errors[k]}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <div class="bo-form-row">
        <TextField
          id="set-tierReviewDay"
          label={l.tierReviewDay}
          placeholder={l.tierReviewHint}
          value={draft.tierReviewDay ?? ""}
          error={errors.tierReviewDay ?? ""}
          testId="set-tierReviewDay"
          errorTestId="set-tierReviewDay-error"
          onInput={(v) => set("tierReviewDay", v)}
        />
        <TextField
          id="set-expiryReminderDays"
          label={l.expiryReminderDays}
          placeholder={l.expiryHint}
          inputMode="numeric"
          value={draft.expiryReminderDays ?? ""}
          error={errors.expiryReminderDays ?? ""}
          testId="set-expiryReminderDays"
          errorTestId="set-expiryReminderDays-error"
          onInput={(v) => set("expiryReminderDays", v)}
        />
      </div>
      <p class="hint">{l.expiryNote}</p>
      <div class="bo-form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy} data-testid="settings-save">
          {busy ? l.saving : l.save}
        </button>
      </div>
    </form>
  );
}

export function LoyaltyPage({ ctx }: { ctx: Ctx }) {
  const l = LOYALTY_TEXT[ctx.lang];
  return (
    <div class="page page-wide" data-testid="loyalty-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{l.title}</h1>
          <p class="lead">{l.lead}</p>
        </div>
      </div>
      <div class="bo-sections bo-top">
        <EarnRulesCard ctx={ctx} l={l} />
        <div class="bo-stack">
          <TiersCard ctx={ctx} l={l} />
          <SettingsCard ctx={ctx} l={l} />
        </div>
      </div>
    </div>
  );
}
