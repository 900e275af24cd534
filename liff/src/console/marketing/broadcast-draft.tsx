/** A draft broadcast's cost against the month's quota, and its test send to one LINE user. */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import type { Broadcast, Quota, SegmentMember } from "./api";
import type { MarketingStrings } from "./i18n";
import { errorText, useMarketing } from "./shared";

export const n = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : x.toLocaleString("en-US");

export function Figure(props: {
  label: string;
  value: string;
  testId?: string;
  tone?: "warn" | "bad" | "ok";
  sub?: string;
}) {
  return (
    <div class={`stat${props.tone ? ` stat-${props.tone}` : ""}`}>
      <dt>{props.label}</dt>
      <dd>
        <span class="stat-value" data-testid={props.testId}>
          {props.value}
        </span>
        {props.sub && <span class="stat-sub">{props.sub}</span>}
      </dd>
    </div>
  );
}

export function CostCard({ m, b, quota }: { m: MarketingStrings; b: Broadcast; quota: Quota | undefined }) {
  const after = quota?.afterSend ?? null;
  return (
    <section class="card card-pad cost-card" aria-labelledby="cost-title" data-testid="cost-card">
      <h2 id="cost-title" class="card-title">
        {m.costTitle}
      </h2>
      <p class="hint">{m.costLead}</p>
      <dl class="stats stats-cost">
        <Figure label={m.eligible} value={n(b.eligible)} />
        <Figure label={m.recipients} value={n(b.recipients)} testId="cost-recipients" />
        <Figure label={m.holdoutN} value={n(b.holdout)} sub={`${b.holdoutPercent}%`} />
        <Figure label={m.counted} value={n(b.countedMessages)} testId="cost-counted" />
      </dl>
      {quota?.type === "limited" && (
        <dl class="stats stats-quota">
          <Figure label={m.quotaLimit} value={n(quota.limit)} />
          <Figure
            label={m.quotaUsed}
            value={n(quota.used)}
            sub={quota.pending ? `${m.quotaPending} ${n(quota.pending)}` : undefined}
          />
          <Figure label={m.quotaRemaining} value={n(quota.remaining)} testId="quota-remaining" />
          <Figure
            label={m.quotaAfter}
            value={n(after)}
            testId="quota-after"
            tone={after !== null && after < 0 ? "bad" : "ok"}
          />
        </dl>
      )}
      {quota?.type === "limited" && after !== null && after < 0 && (
        <p class="banner banner-error mt" role="alert" data-testid="over-quota">
          {m.overQuota(b.countedMessages, quota.remaining ?? 0)}
        </p>
      )}
      {quota?.type === "none" && <p class="banner banner-info mt">{m.quotaNone}</p>}
      {quota?.type === "unknown" && <p class="banner banner-info mt">{m.quotaUnknown}</p>}
      {!quota && <p class="hint mt">{m.quotaLater}</p>}
    </section>
  );
}

export function TestSend({ ctx, b }: { ctx: Ctx; b: Broadcast }) {
  const { m, mapi } = useMarketing(ctx);
  const [user, setUser] = useState("");
  const [sample, setSample] = useState<SegmentMember[]>([]);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    mapi.preview(b.rule).then(
      (p) => setSample(p.sample.filter((x) => x.following)),
      () => {},
    );
  }, [b.id]);
  const send = async () => {
    if (!user.trim()) return setError(m.required);
    setBusy(true);
    try {
      await mapi.testBroadcast(b.id, user.trim());
      setError("");
      ctx.toast(m.testSent);
    } catch (e) {
      setError(errorText(e, ctx.lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card card-pad" aria-labelledby="test-title">
      <h2 id="test-title" class="card-title">
        {m.testTitle}
      </h2>
      <p class="hint" id="test-hint">
        {m.testLead}
      </p>
      <form
        class="test-send"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label class="visually-hidden" for="test-user">
          {m.testUser}
        </label>
        <input
          id="test-user"
          class="input mono"
          list="test-users"
          placeholder={m.testUserPlaceholder}
          data-testid="test-user"
          value={user}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "test-user-error test-hint" : "test-hint"}
          onInput={(e) => {
            setUser(e.currentTarget.value);
            setError("");
          }}
        />
        <datalist id="test-users">
          {sample.map((x) => (
            <option key={x.memberId} value={x.lineUserId}>
              {x.name ?? x.displayName ?? x.memberCode}
            </option>
          ))}
        </datalist>
        <button type="submit" class="btn btn-secondary" data-testid="test-send" disabled={busy}>
          {m.testSend}
        </button>
      </form>
      {error && (
        <p class="field-error" id="test-user-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
