/** The compose form's holdout, attribution window and timing (numbers kept as typed). */
import type { JSX } from "preact";
import type { Ctx } from "../nav";
import type { BroadcastForm } from "./broadcast-form";
import { useMarketing } from "./shared";

export function BroadcastSettings(props: {
  ctx: Ctx;
  form: BroadcastForm;
  set: (p: Partial<BroadcastForm>) => void;
  aria: (k: string, hint?: string) => Record<string, unknown>;
  fieldErr: (k: string) => JSX.Element | null;
}) {
  const { m } = useMarketing(props.ctx);
  const { form, set, aria, fieldErr } = props;
  return (
    <section class="card card-pad" aria-labelledby="b-settings">
      <h2 id="b-settings" class="card-title">
        {m.secSettings}
      </h2>
      <div class="form-grid">
        <div class="field">
          <label class="field-label" for="b-holdout">
            {m.holdout}
          </label>
          <span class="rb-typed">
            <input
              id="b-holdout"
              class="input num"
              inputMode="numeric"
              data-testid="b-holdout"
              value={form.holdout}
              {...aria("holdout", "b-holdout-hint")}
              onInput={(e) => set({ holdout: e.currentTarget.value })}
            />
            <span class="rb-affix">%</span>
          </span>
          <p class="hint" id="b-holdout-hint">
            {m.holdoutHint}
          </p>
          {fieldErr("holdout")}
        </div>
        <div class="field">
          <label class="field-label" for="b-attribution">
            {m.attribution}
          </label>
          <span class="rb-typed">
            <input
              id="b-attribution"
              class="input num"
              inputMode="numeric"
              data-testid="b-attribution"
              value={form.attribution}
              {...aria("attribution", "b-attribution-hint")}
              onInput={(e) => set({ attribution: e.currentTarget.value })}
            />
            <span class="rb-affix">{m.daysUnit}</span>
          </span>
          <p class="hint" id="b-attribution-hint">
            {m.attributionHint}
          </p>
          {fieldErr("attribution")}
        </div>
        <fieldset class="field plain">
          <legend class="field-label">{m.when}</legend>
          <div class="seg">
            {(["now", "later"] as const).map((v) => (
              <button
                key={v}
                type="button"
                class="seg-btn"
                aria-pressed={form.when === v}
                data-testid="b-when"
                data-value={v}
                onClick={() => set({ when: v })}
              >
                {v === "now" ? m.now : m.later}
              </button>
            ))}
          </div>
          {form.when === "later" && (
            <label class="inline-label mt">
              <span>{m.scheduleAt}</span>
              <input
                type="datetime-local"
                class="input"
                data-testid="b-at"
                value={form.at}
                {...aria("at")}
                onInput={(e) => set({ at: e.currentTarget.value })}
              />
            </label>
          )}
          {fieldErr("at")}
          <p class="hint">{m.quietNote}</p>
        </fieldset>
      </div>
    </section>
  );
}
