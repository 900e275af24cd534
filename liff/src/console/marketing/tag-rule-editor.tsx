/**
 * One rule tag: the tag, on or off, and its rule in the segment builder with the live count.
 * Saving runs it (the server does); delete asks first.
 *
 * Test ids: tag-rule-editor, tag-rule-tag, tag-rule-enabled, save-tag-rule, delete-tag-rule,
 * run-tag-rule.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import type { Ctx } from "../nav";
import { Switch } from "../support/shared";
import { ConfirmDialog, Icon, TextField } from "../ui";
import { LiveCount, useDraft } from "./live-count";
import { marketingHref } from "./routes";
import { RuleBuilder } from "./rule-builder";
import { emptyCond, fromRule, type GroupRow, keyGen, rowAt, toRule, withoutPath } from "./rule-model";
import { focusFirstInvalid } from "./segment-editor";
import { errorText, useLookups, useMarketing } from "./shared";

export function TagRuleEditor({ ctx, id }: { ctx: Ctx; id: string | null }) {
  const { m, mapi } = useMarketing(ctx);
  const { lookups, error: lookupError } = useLookups(ctx);
  const newKey = useRef(keyGen()).current;
  const [root, setRoot] = useState<GroupRow | null>(null);
  const [tag, setTag] = useState("");
  const [enabled, setEnabled] = useState(true);
  const [saved, setSaved] = useState("");
  const [loadError, setLoadError] = useState("");
  const [strict, setStrict] = useState(false);
  const [tagError, setTagError] = useState("");
  const [refusal, setRefusal] = useState<{ key: string; part: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);

  useEffect(() => {
    if (!lookups) return;
    if (!id) {
      setRoot({
        type: "group",
        key: newKey(),
        mode: "all",
        children: [emptyCond(newKey(), lookups.catalogue.get("spend"))],
      });
      return;
    }
    mapi.tagRule(id).then(
      (r) => {
        setRoot(fromRule(r.rule, newKey));
        setTag(r.tag);
        setSaved(r.tag);
        setEnabled(r.enabled);
      },
      (e) =>
        setLoadError(e instanceof ApiError && e.status === 404 ? m.tagRuleNotFound : errorText(e, ctx.lang)),
    );
  }, [id, lookups]);

  const draft = useDraft(
    ctx,
    root ?? { type: "group", key: "_", mode: "all", children: [] },
    lookups?.catalogue ?? null,
    strict,
  );
  const messages = useMemo(() => {
    if (!refusal) return draft.messages;
    const out = new Map(draft.messages);
    out.set(refusal.key, new Map([...(out.get(refusal.key) ?? []), [refusal.part, refusal.text]]));
    return out;
  }, [draft.messages, refusal]);

  const back = (
    <a class="crumb" href={marketingHref({ page: "segments", view: "tags" })}>
      <Icon name="back" size={16} />
      {m.tabTags}
    </a>
  );
  if (loadError || lookupError || !root || !lookups)
    return (
      <div class="page">
        {back}
        {loadError || lookupError ? (
          <p class="banner banner-error" role="alert">
            {loadError || lookupError}
          </p>
        ) : (
          <p class="empty">{m.loading}</p>
        )}
      </div>
    );

  const save = async () => {
    setStrict(true);
    const name = tag.trim();
    setTagError(name ? "" : m.required);
    const built = toRule(root, lookups.catalogue);
    if (!name || built.errors.length) {
      focusFirstInvalid("tag-rule-form");
      return;
    }
    setBusy(true);
    try {
      if (id) {
        const r = await mapi.updateTagRule(id, { tag: name, rule: built.rule, enabled });
        setSaved(r.tag);
        ctx.toast(m.tagRuleSaved);
      } else {
        const r = await mapi.createTagRule({ tag: name, rule: built.rule, enabled });
        ctx.toast(m.tagRuleCreated);
        location.hash = marketingHref({ page: "tagRule", id: r.id });
      }
    } catch (e) {
      const field = e instanceof ApiError ? (e.details as { field?: unknown } | undefined)?.field : undefined;
      const at = typeof field === "string" ? rowAt(field, built.paths) : null;
      if (at && e instanceof ApiError) setRefusal({ ...at, text: withoutPath(e.message) });
      else if (field === "tag") setTagError(errorText(e, ctx.lang));
      else ctx.toast(errorText(e, ctx.lang), "error");
      focusFirstInvalid("tag-rule-form");
    } finally {
      setBusy(false);
    }
  };

  const act = async (what: "run" | "delete") => {
    if (!id) return;
    setBusy(true);
    try {
      if (what === "run") {
        const r = await mapi.runTagRule(id);
        ctx.toast(m.ran(r.tag, r.added, r.removed));
      } else {
        await mapi.deleteTagRule(id);
        ctx.toast(m.tagRuleDeleted);
        location.hash = marketingHref({ page: "segments", view: "tags" });
      }
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };

  return (
    <div class="page page-wide" data-testid="tag-rule-editor">
      {back}
      <div class="page-head">
        <div class="title-row">
          <h1 tabIndex={-1}>{id ? `${m.tagRuleTitle}：${saved}` : m.newTagRuleTitle}</h1>
        </div>
        <div class="page-actions">
          {id && (
            <>
              <button
                type="button"
                class="btn btn-ghost-danger"
                data-testid="delete-tag-rule"
                disabled={busy}
                onClick={() => setConfirm(true)}
              >
                <Icon name="trash" size={16} />
                {m.delete}
              </button>
              <button
                type="button"
                class="btn btn-secondary"
                data-testid="run-tag-rule"
                disabled={busy}
                onClick={() => void act("run")}
              >
                <Icon name="play" size={16} />
                {m.run}
              </button>
            </>
          )}
          <button
            type="submit"
            form="tag-rule-form"
            class="btn btn-primary"
            data-testid="save-tag-rule"
            disabled={busy}
          >
            {busy ? m.saving : m.save}
          </button>
        </div>
      </div>
      <div class="split">
        <form
          id="tag-rule-form"
          class="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <section class="card card-pad">
            <div class="form-grid form-grid-2">
              <TextField
                id="tag-rule-tag"
                label={m.colTag}
                value={tag}
                error={tagError}
                maxLength={30}
                placeholder={m.tagPlaceholder}
                testId="tag-rule-tag"
                onInput={(v) => {
                  setTag(v);
                  setTagError("");
                }}
              />
              <div class="field">
                <span class="field-label">{m.enabled}</span>
                <Switch checked={enabled} label={m.enabled} testId="tag-rule-enabled" onChange={setEnabled} />
              </div>
            </div>
            <p class="hint">{m.tagRulesLead}</p>
          </section>
          <section class="card card-pad" aria-labelledby="tr-rules-title">
            <h2 id="tr-rules-title" class="card-title">
              {m.rulesTitle}
            </h2>
            <RuleBuilder
              root={root}
              onChange={(r) => {
                setRoot(r);
                setRefusal(null);
              }}
              catalogue={lookups.catalogue}
              lookups={lookups}
              m={m}
              lang={ctx.lang}
              messages={messages}
              newKey={newKey}
              idPrefix="tr"
            />
          </section>
        </form>
        <div class="split-side sticky-side">
          <LiveCount ctx={ctx} draft={draft} lookups={lookups} m={m} />
        </div>
      </div>
      <ConfirmDialog
        open={confirm}
        title={m.deleteTagRuleTitle}
        body={m.deleteTagRuleBody(saved)}
        confirm={m.delete}
        cancel={m.cancel}
        danger
        busy={busy}
        onConfirm={() => void act("delete")}
        onClose={() => setConfirm(false)}
      />
    </div>
  );
}
