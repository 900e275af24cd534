import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import type { CouponTemplate, Segment } from "./api";
import { type BroadcastForm, checkForm, rememberQuota } from "./broadcast-form";
import { BroadcastSettings } from "./broadcast-settings";
import { LinePreview } from "./line-preview";
import { LiveCount, useDraft } from "./live-count";
import { MessagesEditor } from "./message-editor";
import { emptyMessage, MAX_MESSAGES } from "./messages";
import { marketingHref } from "./routes";
import { RuleBuilder } from "./rule-builder";
import { emptyCond, type GroupRow, keyGen, rowAt, withoutPath } from "./rule-model";
import { focusFirstInvalid } from "./segment-editor";
import { errorText, takeHandoff, useLookups, useMarketing } from "./shared";

export function BroadcastCompose({ ctx }: { ctx: Ctx }) {
  const { m, mapi } = useMarketing(ctx);
  const { lookups } = useLookups(ctx);
  const newKey = useRef(keyGen()).current;
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const [coupons, setCoupons] = useState<CouponTemplate[]>([]);
  const [form, setForm] = useState<BroadcastForm>(() => ({
    name: "",
    target: "segment",
    segmentId: takeHandoff().segmentId ?? "",
    messages: [emptyMessage("text")],
    couponTemplateId: "",
    holdout: "10",
    attribution: "7",
    when: "now",
    at: "",
  }));
  const [root, setRoot] = useState<GroupRow>(() => ({
    type: "group",
    key: newKey(),
    mode: "all",
    children: [],
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [ruleRefusal, setRuleRefusal] = useState<{ key: string; part: string; text: string } | null>(null);
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const [strict, setStrict] = useState(false);

  useEffect(() => {
    mapi.segments().then(
      (r) => setSegments(r.segments),
      () => setSegments([]),
    );
    mapi.couponTemplates().then(
      (r) => setCoupons(r.templates.filter((t) => t.active)),
      () => {},
    );
  }, [mapi]);
  useEffect(() => {
    if (lookups && root.children.length === 0)
      setRoot({ ...root, children: [emptyCond(newKey(), lookups.catalogue.get("tier"))] });
  }, [lookups]);

  const draft = useDraft(ctx, root, form.target === "rule" ? (lookups?.catalogue ?? null) : null, strict);
  const ruleMessages = useMemo(() => {
    if (!ruleRefusal) return draft.messages;
    const out = new Map(draft.messages);
    out.set(
      ruleRefusal.key,
      new Map([...(out.get(ruleRefusal.key) ?? []), [ruleRefusal.part, ruleRefusal.text]]),
    );
    return out;
  }, [draft.messages, ruleRefusal]);
  const set = (patch: Partial<BroadcastForm>) => {
    setForm({ ...form, ...patch });
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k];
      return next;
    });
  };

  const coupon = coupons.find((c) => c.id === form.couponTemplateId) ?? null;
  const max = MAX_MESSAGES - (coupon ? 1 : 0);
  const messageErrors = useMemo(() => {
    const out = new Map<number, Map<string, string>>();
    for (const [k, v] of Object.entries(errors)) {
      const mm = /^messages\.(\d+)\.?(.*)$/.exec(k);
      if (!mm) continue;
      const i = Number(mm[1]);
      out.set(i, (out.get(i) ?? new Map()).set(mm[2] || "json", v));
    }
    return out;
  }, [errors]);

  const create = async () => {
    setStrict(true);
    const checked = checkForm(form, m, {
      maxMessages: max,
      rule: form.target === "rule" ? draft.rule : undefined,
      now: new Date(),
    });
    if ("errors" in checked) {
      setErrors(checked.errors);
      setFormError(m.fixErrors);
      focusFirstInvalid("broadcast-form");
      return;
    }
    setBusy(true);
    try {
      const created = await mapi.createBroadcast(checked.input);
      rememberQuota(created.id, created.quota);
      ctx.toast(m.draftCreated);
      location.hash = marketingHref({ page: "broadcast", id: created.id });
    } catch (e) {
      const field = e instanceof ApiError ? (e.details as { field?: unknown } | undefined)?.field : undefined;
      const issue = e instanceof ApiError ? e.issues[0] : undefined;
      const path = typeof field === "string" ? field : (issue?.path ?? "");
      const at = path.startsWith("rule") ? rowAt(path, draft.paths) : null;
      if (at && e instanceof ApiError) setRuleRefusal({ ...at, text: withoutPath(e.message) });
      const mi = /^messages\.?\[?(\d+)/.exec(path);
      if (mi) setErrors({ [`messages.${mi[1]}`]: issue?.message ?? errorText(e, ctx.lang) });
      else if (path && !at) setErrors({ [path]: errorText(e, ctx.lang) });
      setFormError(errorText(e, ctx.lang));
      focusFirstInvalid("broadcast-form");
    } finally {
      setBusy(false);
    }
  };

  const fieldErr = (k: string) =>
    errors[k] ? (
      <p class="field-error" id={`b-${k}-error`} data-testid="b-field-error" data-field={k}>
        {errors[k]}
      </p>
    ) : null;
  const aria = (k: string, hint?: string) => ({
    "aria-invalid": errors[k] ? true : undefined,
    "aria-describedby": [errors[k] ? `b-${k}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined,
  });
  const picked = segments?.find((s) => s.id === form.segmentId);

  return (
    <div class="page page-wide" data-testid="broadcast-compose">
      <a class="crumb" href={marketingHref({ page: "broadcasts" })}>
        <Icon name="back" size={16} />
        {m.backToBroadcasts}
      </a>
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{m.composeTitle}</h1>
          <p class="lead">{m.composeLead}</p>
        </div>
        <div class="page-actions">
          <button
            type="submit"
            form="broadcast-form"
            class="btn btn-primary"
            data-testid="create-broadcast"
            disabled={busy}
          >
            {busy ? m.creatingDraft : m.createDraft}
          </button>
        </div>
      </div>
      {formError && (
        <p class="banner banner-error" role="alert" data-testid="compose-error">
          {formError}
        </p>
      )}
      <div class="split split-wide">
        <form
          id="broadcast-form"
          class="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <section class="card card-pad" aria-labelledby="b-basics">
            <h2 id="b-basics" class="card-title">
              {m.secBasics}
            </h2>
            <div class="stack mt">
              <div class="field">
                <label class="field-label" for="b-name">
                  {m.bName}
                </label>
                <input
                  id="b-name"
                  class="input"
                  maxLength={80}
                  placeholder={m.bNamePlaceholder}
                  data-testid="b-name"
                  value={form.name}
                  {...aria("name")}
                  onInput={(e) => set({ name: e.currentTarget.value })}
                />
                {fieldErr("name")}
              </div>
              <fieldset class="field plain">
                <legend class="field-label">{m.target}</legend>
                <div class="seg seg-wide">
                  {(["segment", "rule"] as const).map((v) => (
                    <button
                      key={v}
                      type="button"
                      class="seg-btn"
                      aria-pressed={form.target === v}
                      data-testid="target"
                      data-value={v}
                      onClick={() => set({ target: v })}
                    >
                      {v === "segment" ? m.targetSegment : m.targetRule}
                    </button>
                  ))}
                </div>
              </fieldset>
              {form.target === "segment" ? (
                <div class="field">
                  <label class="field-label" for="b-segment">
                    {m.pickSegment}
                  </label>
                  <select
                    id="b-segment"
                    class="input"
                    data-testid="b-segment"
                    value={form.segmentId}
                    {...aria("segmentId", "b-followers")}
                    onChange={(e) => set({ segmentId: e.currentTarget.value })}
                  >
                    <option value="">{m.pick}</option>
                    {(segments ?? []).map((s) => (
                      <option key={s.id} value={s.id}>
                        {`${s.name}（${m.segmentCount(s.count)}）`}
                      </option>
                    ))}
                  </select>
                  {fieldErr("segmentId")}
                  <p class="hint" id="b-followers">
                    {picked ? `${m.segmentCount(picked.count)}・` : ""}
                    {m.followersNote}
                  </p>
                </div>
              ) : (
                lookups && (
                  <RuleBuilder
                    root={root}
                    onChange={(r) => {
                      setRoot(r);
                      setRuleRefusal(null);
                    }}
                    catalogue={lookups.catalogue}
                    lookups={lookups}
                    m={m}
                    lang={ctx.lang}
                    messages={ruleMessages}
                    newKey={newKey}
                    idPrefix="brule"
                  />
                )
              )}
            </div>
          </section>

          <section class="card card-pad" aria-labelledby="b-messages">
            <h2 id="b-messages" class="card-title">
              {m.secMessages}
            </h2>
            <p class="hint">
              {m.messagesLead} {m.personalNote}
            </p>
            {fieldErr("messages")}
            <MessagesEditor
              m={m}
              messages={form.messages}
              max={max}
              errors={messageErrors}
              onChange={(messages) => set({ messages })}
            />
          </section>

          <section class="card card-pad" aria-labelledby="b-coupon-title">
            <h2 id="b-coupon-title" class="card-title">
              {m.secCoupon}
            </h2>
            <p class="hint" id="b-coupon-hint">
              {m.couponLead}
            </p>
            <select
              id="b-coupon"
              class="input mt"
              aria-labelledby="b-coupon-title"
              data-testid="b-coupon"
              value={form.couponTemplateId}
              {...aria("couponTemplateId", "b-coupon-hint")}
              onChange={(e) => set({ couponTemplateId: e.currentTarget.value })}
            >
              <option value="">{m.noCoupon}</option>
              {coupons.map((c) => (
                <option key={c.id} value={c.id}>
                  {`${c.name}・${m.couponValue(c.kind, c.value)}・${m.minSpend(c.minSpend)}`}
                </option>
              ))}
            </select>
            {fieldErr("couponTemplateId")}
          </section>

          <BroadcastSettings form={form} set={set} aria={aria} fieldErr={fieldErr} ctx={ctx} />
        </form>
        <div class="split-side sticky-side">
          <section class="card card-pad" aria-labelledby="b-preview">
            <h2 id="b-preview" class="card-title">
              {m.preview}
            </h2>
            <p class="hint">{m.previewLead}</p>
            <LinePreview
              m={m}
              lang={ctx.lang}
              brand={ctx.t.product}
              messages={form.messages}
              coupon={coupon}
            />
          </section>
          {form.target === "rule" && <LiveCount ctx={ctx} draft={draft} lookups={lookups} m={m} />}
        </div>
      </div>
    </div>
  );
}
