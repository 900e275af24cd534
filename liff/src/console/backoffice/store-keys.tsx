/**
 * A store's POS keys: label, when made, in use or revoked; a new key (label optional), rotating
 * one (a new key, the old one dead at once) and revoking one, each confirmed. A new key is shown
 * once, with a copy button.
 *
 * Test ids: pos-keys, pos-key (data-id, data-revoked), key-new, key-label, key-rotate,
 * key-revoke, key-dialog, key-value, key-dialog-close.
 */
import { useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Chip, ConfirmDialog, Icon, TextField } from "../ui";
import { errorText, useText } from "./shared";
import { CopyValue, InfoDialog, type PosKey, useStoreText } from "./store-shared";

export function PosKeys(props: { ctx: Ctx; storeId: string; keys: PosKey[]; onChanged: () => void }) {
  const { ctx } = props;
  const s = useStoreText(ctx);
  const b = useText(ctx);
  const [label, setLabel] = useState("");
  const [shown, setShown] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ key: PosKey; action: "rotate" | "revoke" } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (fn: () => Promise<{ key?: string } | undefined>) => {
    setBusy(true);
    try {
      const r = await fn();
      if (r?.key) setShown(r.key);
      setConfirm(null);
      props.onChanged();
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    run(async () => {
      const r = await ctx.api.request<{ key: string }>(
        "POST",
        `/api/admin/stores/${encodeURIComponent(props.storeId)}/pos-keys`,
        label.trim() ? { label: label.trim() } : {},
      );
      setLabel("");
      return r;
    });
  const act = (k: PosKey, action: "rotate" | "revoke") =>
    run(() =>
      ctx.api.request<{ key?: string }>("POST", `/api/admin/pos-keys/${encodeURIComponent(k.id)}/${action}`),
    );

  return (
    <section class="card" data-testid="pos-keys">
      <div class="card-head">
        <div>
          <h2 class="card-title">{s.keysTitle}</h2>
          <p class="hint">{s.keysLead}</p>
        </div>
      </div>
      <form
        class="bo-inline-form card-pad-x"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <TextField
          id="key-label"
          label={s.keyLabel}
          placeholder={s.keyLabelHint}
          maxLength={60}
          value={label}
          error=""
          testId="key-label"
          onInput={setLabel}
        />
        <button type="submit" class="btn btn-secondary" disabled={busy} data-testid="key-new">
          <Icon name="key" size={16} />
          {s.newKey}
        </button>
      </form>
      {props.keys.length === 0 ? (
        <p class="empty">{s.noKeys}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{s.colKey}</th>
              <th scope="col">{s.colCreated}</th>
              <th scope="col">{s.colStatus}</th>
              <th scope="col">
                <span class="visually-hidden">{s.rotate}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((k) => (
              <tr key={k.id} data-testid="pos-key" data-id={k.id} data-revoked={String(k.revokedAt !== null)}>
                <td>
                  <span class="strong">{k.label || b.none}</span>
                  <span class="sub mono">{k.id}</span>
                </td>
                <td class="nowrap muted">{dateTime(k.createdAt, ctx.lang)}</td>
                <td>
                  {k.revokedAt ? (
                    <Chip tone="gray">{s.revoked(dateTime(k.revokedAt, ctx.lang))}</Chip>
                  ) : (
                    <Chip tone="green">{s.active}</Chip>
                  )}
                </td>
                <td class="bo-row-actions">
                  {!k.revokedAt && (
                    <>
                      <button
                        type="button"
                        class="btn btn-secondary btn-sm"
                        data-testid="key-rotate"
                        onClick={() => setConfirm({ key: k, action: "rotate" })}
                      >
                        {s.rotate}
                      </button>
                      <button
                        type="button"
                        class="btn btn-ghost btn-sm danger-text"
                        data-testid="key-revoke"
                        onClick={() => setConfirm({ key: k, action: "revoke" })}
                      >
                        {s.revoke}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.action === "rotate" ? s.rotateTitle : s.revokeTitle}
        body={confirm?.action === "rotate" ? s.rotateLead : s.revokeLead}
        confirm={confirm?.action === "rotate" ? s.rotate : s.revoke}
        cancel={b.cancel}
        danger={confirm?.action === "revoke"}
        busy={busy}
        onConfirm={() => confirm && void act(confirm.key, confirm.action)}
        onClose={() => setConfirm(null)}
      />
      <InfoDialog
        open={shown !== null}
        title={s.keyShownOnce}
        testId="key-dialog"
        close={s.close}
        onClose={() => setShown(null)}
      >
        {shown && <CopyValue id="key-value" label={s.colKey} value={shown} s={s} testId="key-value" />}
      </InfoDialog>
    </section>
  );
}
