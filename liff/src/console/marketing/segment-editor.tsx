/**
 * One segment (名單): its name and rule in the builder with the live count beside it; saved, its
 * members a page at a time and as CSV. Save creates or renames / changes it; delete asks first.
 *
 * Test ids: segment-editor, segment-name, save-segment, delete-segment, segment-error,
 * name-error.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/error";
import type { Ctx } from "../nav";
import { ConfirmDialog, Icon, TextField } from "../ui";
import { LiveCount, useDraft } from "./live-count";
import { marketingHref } from "./routes";
import { RuleBuilder } from "./rule-builder";
import { emptyCond, fromRule, type GroupRow, keyGen, rowAt, toRule, withoutPath } from "./rule-model";
import { SegmentCoupons } from "./segment-coupons";
import { SegmentMembers } from "./segment-members";
import { errorText, takeHandoff, useLookups, useMarketing } from "./shared";

/** Moves focus to the first control marked invalid inside `#id`. */
export function focusFirstInvalid(id: string) {
  requestAnimationFrame(() =>
    document
      .querySelector<HTMLElement>(`#${id} [aria-invalid=true], #${id} [data-testid=row-error]`)
      ?.focus(),
  );
}

export function SegmentEditor({ ctx, id }: { ctx: Ctx; id: string | null }) {
  const { m, mapi } = useMarketing(ctx);
  const { lookups, error: lookupError } = useLookups(ctx);
  const newKey = useRef(keyGen()).current;
  const [root, setRoot] = useState<GroupRow | null>(null);
  const [name, setName] = useState("");
  const [savedName, setSavedName] = useState("");
  const [loadError, setLoadError] = useState("");
  const [strict, setStrict] = useState(false);
  const [nameError, setNameError] = useState("");
  const [saveRefusal, setSaveRefusal] = useState<{ key: string; part: string; text: string } | null>(null);
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!lookups) return;
    if (!id) {
      const given = takeHandoff();
      if (given.name) setName(given.name);
      setRoot(
        given.rule
          ? fromRule(given.rule, newKey)
          : {
              type: "group",
              key: newKey(),
              mode: "all",
              children: [emptyCond(newKey(), lookups.catalogue.get("tier"))],
            },
      );
      return;
    }
    mapi.segment(id).then(
      (seg) => {
        setRoot(fromRule(seg.rule, newKey));
        setName(seg.name);
        setSavedName(seg.name);
      },
      (e) => setLoadError(e instanceof ApiError && e.status === 404 ? m.notFound : errorText(e, ctx.lang)),
    );
  }, [id, lookups]);

  const draft = useDraft(
    ctx,
    root ?? { type: "group", key: "_", mode: "all", children: [] },
    lookups?.catalogue ?? null,
    strict,
  );
  const messages = useMemo(() => {
    if (!saveRefusal) return draft.messages;
    const out = new Map(draft.messages);
    out.set(
      saveRefusal.key,
      new Map([...(out.get(saveRefusal.key) ?? []), [saveRefusal.part, saveRefusal.text]]),
    );
    return out;
  }, [draft.messages, saveRefusal]);

  const back = (
    <a class="crumb" href={marketingHref({ page: "segments", view: "list" })}>
      <Icon name="back" size={16} />
      {m.backToSegments}
    </a>
  );
  if (loadError || lookupError || !root || !lookups) {
    return (
      <div class="page">
        {back}
        {loadError || lookupError ? (
          <p class="banner banner-error" role="alert" data-testid="segment-error">
            {loadError || lookupError}
          </p>
        ) : (
          <p class="empty">{m.loading}</p>
        )}
      </div>
    );
  }

  const change = (next: GroupRow) => {
    setRoot(next);
    setSaveRefusal(null);
    setFormError("");
  };

  const save = async () => {
    setStrict(true);
    const trimmed = name.trim();
    setNameError(trimmed ? "" : m.required);
    const built = toRule(root, lookups.catalogue);
    if (!trimmed || built.errors.length > 0) {
      setFormError(m.fixErrors);
      focusFirstInvalid("segment-form");
      return;
    }
    setBusy(true);
    try {
      if (id) {
        const seg = await mapi.updateSegment(id, { name: trimmed, rule: built.rule });
        setSavedName(seg.name);
        setVersion((v) => v + 1);
        ctx.toast(m.segmentSaved);
      } else {
        const seg = await mapi.createSegment(trimmed, built.rule);
        ctx.toast(m.segmentCreated);
        location.hash = marketingHref({ page: "segment", id: seg.id });
      }
      setFormError("");
    } catch (e) {
      const field = e instanceof ApiError ? (e.details as { field?: unknown } | undefined)?.field : undefined;
      const at = typeof field === "string" ? rowAt(field, built.paths) : null;
      if (at && e instanceof ApiError) {
        setSaveRefusal({ ...at, text: withoutPath(e.message) });
        setFormError(m.ruleRefused);
        focusFirstInvalid("segment-form");
      } else if (field === "name") {
        setNameError(errorText(e, ctx.lang));
        focusFirstInvalid("segment-form");
      } else ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!id) return;
    setBusy(true);
    try {
      await mapi.deleteSegment(id);
      ctx.toast(m.segmentDeleted);
      location.hash = marketingHref({ page: "segments", view: "list" });
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
      setConfirm(false);
    }
  };

  return (
    <div class="page page-wide" data-testid="segment-editor">
      {back}
      <div class="page-head">
        <div class="title-row">
          <h1 tabIndex={-1}>{id ? savedName : m.newSegmentTitle}</h1>
          {id && <code class="id-tag">{id}</code>}
        </div>
        <div class="page-actions">
          {id && (
            <button
              type="button"
              class="btn btn-ghost-danger"
              data-testid="delete-segment"
              disabled={busy}
              onClick={() => setConfirm(true)}
            >
              <Icon name="trash" size={16} />
              {m.delete}
            </button>
          )}
          <button
            type="submit"
            form="segment-form"
            class="btn btn-primary"
            data-testid="save-segment"
            disabled={busy}
          >
            {busy ? m.saving : id ? m.save : m.createSegment}
          </button>
        </div>
      </div>
      {formError && (
        <p class="banner banner-error" role="alert" data-testid="form-error">
          {formError}
        </p>
      )}
      <div class="split">
        <form
          id="segment-form"
          class="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <section class="card card-pad">
            <TextField
              id="segment-name"
              label={m.segmentName}
              value={name}
              error={nameError}
              maxLength={80}
              placeholder={m.segmentNamePlaceholder}
              testId="segment-name"
              errorTestId="name-error"
              onInput={(v) => {
                setName(v);
                setNameError("");
              }}
            />
          </section>
          <section class="card card-pad" aria-labelledby="rules-title">
            <h2 id="rules-title" class="card-title">
              {m.rulesTitle}
            </h2>
            <p class="hint">{m.rulesLead}</p>
            <RuleBuilder
              root={root}
              onChange={change}
              catalogue={lookups.catalogue}
              lookups={lookups}
              m={m}
              lang={ctx.lang}
              messages={messages}
              newKey={newKey}
              idPrefix="seg"
            />
          </section>
          {id && <SegmentCoupons ctx={ctx} id={id} name={savedName} />}
          {id && <SegmentMembers key={version} ctx={ctx} id={id} lookups={lookups} />}
        </form>
        <div class="split-side sticky-side">
          <LiveCount ctx={ctx} draft={draft} lookups={lookups} m={m} />
        </div>
      </div>
      <ConfirmDialog
        open={confirm}
        title={m.deleteSegmentTitle}
        body={m.deleteSegmentBody(savedName)}
        confirm={m.delete}
        cancel={m.cancel}
        danger
        busy={busy}
        onConfirm={() => void remove()}
        onClose={() => setConfirm(false)}
      />
    </div>
  );
}
