/**
 * Staff as a table with what an admin does to each: invite (a one-time LIFF link as link and QR),
 * edit (name, role, store), deactivate with a reason / reactivate, a console sign-in for agents
 * and admins, and a store clerk's personal binding QR poster.
 *
 * Test ids: staff-table, staff-row (data-id, data-code, data-active, data-linked), staff-invite,
 * staff-edit, staff-deactivate, staff-reactivate, staff-token, staff-poster; invite-dialog,
 * invite-url, invite-qr; token-dialog, console-token; deactivate-reason (+ -error) in the confirm.
 */
import { useState } from "preact/hooks";
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { Chip, ConfirmDialog } from "../ui";
import { errorText, ReasonField, useText } from "./shared";
import { StaffDialog } from "./staff-form";
import { StorePoster } from "./store-poster";
import { CopyValue, InfoDialog, QrCode, type Staff, type Store, useStoreText } from "./store-shared";

type Shown =
  | { kind: "invite"; staff: Staff; url: string; expiresAt: string }
  | { kind: "token"; staff: Staff; token: string }
  | { kind: "edit"; staff: Staff }
  | { kind: "active"; staff: Staff }
  | { kind: "poster"; staff: Staff };

export function StaffTable(props: { ctx: Ctx; staff: Staff[]; stores: Store[]; onChanged: () => void }) {
  const { ctx } = props;
  const s = useStoreText(ctx);
  const b = useText(ctx);
  const [shown, setShown] = useState<Shown | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState("");
  const [busy, setBusy] = useState(false);
  const path = (p: Staff, tail: string) => `/api/admin/staff/${encodeURIComponent(p.id)}${tail}`;
  const fail = (e: unknown) => ctx.toast(errorText(e, ctx.lang), "error");

  const invite = async (p: Staff) => {
    try {
      const r = await ctx.api.request<{ url: string; expiresAt: string }>("POST", path(p, "/invite"));
      setShown({ kind: "invite", staff: p, url: r.url, expiresAt: r.expiresAt });
    } catch (e) {
      fail(e);
    }
  };
  const token = async (p: Staff) => {
    try {
      const r = await ctx.api.request<{ token: string }>(
        "POST",
        `/api/admin/agents/${encodeURIComponent(p.id)}/tokens`,
      );
      setShown({ kind: "token", staff: p, token: r.token });
    } catch (e) {
      fail(e);
    }
  };
  const toggle = async (p: Staff) => {
    if (p.active && !reason.trim()) {
      setReasonError(b.required);
      return;
    }
    setBusy(true);
    try {
      await ctx.api.request("POST", path(p, p.active ? "/deactivate" : "/reactivate"), {
        reason: reason.trim() || undefined,
      });
      ctx.toast(p.active ? s.deactivated : s.reactivated);
      setShown(null);
      props.onChanged();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const storeName = (id: string | null) => props.stores.find((x) => x.id === id)?.name ?? s.noStore;
  return (
    <>
      <div class="table-wrap">
        <table class="table" data-testid="staff-table">
          <thead>
            <tr>
              <th scope="col">{s.staffName}</th>
              <th scope="col">{s.role}</th>
              <th scope="col">{s.colStatus}</th>
              <th scope="col">
                <span class="visually-hidden">{s.edit}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.staff.map((p) => (
              <tr
                key={p.id}
                data-testid="staff-row"
                data-id={p.id}
                data-code={p.code}
                data-active={String(p.active)}
                data-linked={String(p.linked)}
              >
                <td>
                  <span class="strong">{p.name}</span>
                  <span class="sub mono">{p.code}</span>
                </td>
                <td>
                  {s.roles[p.role] ?? p.role}
                  {p.role !== "staff" && p.storeId && <span class="sub">{storeName(p.storeId)}</span>}
                </td>
                <td>
                  {!p.active ? (
                    <Chip tone="gray">{s.inactive}</Chip>
                  ) : p.linked ? (
                    <Chip tone="green">{s.linked}</Chip>
                  ) : (
                    <Chip tone="amber">{s.notLinked}</Chip>
                  )}
                </td>
                <td class="bo-row-actions">
                  {p.active && !p.linked && (
                    <button
                      type="button"
                      class="btn btn-secondary btn-sm"
                      data-testid="staff-invite"
                      onClick={() => void invite(p)}
                    >
                      {s.invite}
                    </button>
                  )}
                  {p.active && p.role === "staff" && p.storeId && (
                    <button
                      type="button"
                      class="btn btn-ghost btn-sm"
                      data-testid="staff-poster"
                      onClick={() => setShown({ kind: "poster", staff: p })}
                    >
                      {s.poster}
                    </button>
                  )}
                  {p.active && p.role !== "staff" && (
                    <button
                      type="button"
                      class="btn btn-ghost btn-sm"
                      data-testid="staff-token"
                      onClick={() => void token(p)}
                    >
                      {s.consoleToken}
                    </button>
                  )}
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm"
                    data-testid="staff-edit"
                    onClick={() => setShown({ kind: "edit", staff: p })}
                  >
                    {s.edit}
                  </button>
                  <button
                    type="button"
                    class={`btn btn-sm ${p.active ? "btn-ghost danger-text" : "btn-secondary"}`}
                    data-testid={p.active ? "staff-deactivate" : "staff-reactivate"}
                    onClick={() => {
                      setReason("");
                      setReasonError("");
                      setShown({ kind: "active", staff: p });
                    }}
                  >
                    {p.active ? s.deactivate : s.reactivate}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <InfoDialog
        open={shown?.kind === "invite"}
        title={shown?.kind === "invite" ? s.inviteTitle(shown.staff.name) : ""}
        testId="invite-dialog"
        close={s.close}
        onClose={() => setShown(null)}
      >
        {shown?.kind === "invite" && (
          <>
            <p class="hint">{s.inviteLead(dateTime(shown.expiresAt, ctx.lang))}</p>
            <div class="bo-qr" data-testid="invite-qr">
              <QrCode value={shown.url} label={s.inviteTitle(shown.staff.name)} size={200} />
            </div>
            <CopyValue id="invite-url" label={s.inviteLink} value={shown.url} s={s} testId="invite-url" />
          </>
        )}
      </InfoDialog>
      <InfoDialog
        open={shown?.kind === "token"}
        title={shown?.kind === "token" ? s.consoleTokenTitle(shown.staff.name) : ""}
        testId="token-dialog"
        close={s.close}
        onClose={() => setShown(null)}
      >
        {shown?.kind === "token" && (
          <>
            <p class="hint">{s.consoleTokenLead}</p>
            <CopyValue
              id="console-token"
              label={s.consoleToken}
              value={`${location.origin}/console/#token=${encodeURIComponent(shown.token)}`}
              s={s}
              testId="console-token"
            />
          </>
        )}
      </InfoDialog>
      <ConfirmDialog
        open={shown?.kind === "active"}
        title={
          shown?.kind === "active"
            ? shown.staff.active
              ? s.deactivateTitle(shown.staff.name)
              : s.reactivateTitle(shown.staff.name)
            : ""
        }
        body={shown?.kind === "active" && shown.staff.active ? s.deactivateLead : ""}
        confirm={shown?.kind === "active" && shown.staff.active ? s.deactivate : s.reactivate}
        cancel={b.cancel}
        danger={shown?.kind === "active" && shown.staff.active}
        busy={busy}
        onConfirm={() => shown?.kind === "active" && void toggle(shown.staff)}
        onClose={() => setShown(null)}
      >
        {shown?.kind === "active" && shown.staff.active && (
          <ReasonField
            id="deactivate-reason"
            ctx={ctx}
            value={reason}
            error={reasonError}
            placeholder={s.reasonHint}
            onInput={(v) => {
              setReason(v);
              setReasonError("");
            }}
          />
        )}
      </ConfirmDialog>
      <StaffDialog
        ctx={ctx}
        open={shown?.kind === "edit"}
        staff={shown?.kind === "edit" ? shown.staff : null}
        storeId={null}
        stores={props.stores}
        onClose={(saved) => {
          setShown(null);
          if (saved) props.onChanged();
        }}
      />
      {shown?.kind === "poster" && shown.staff.storeId && (
        <StorePoster
          ctx={ctx}
          store={props.stores.find((x) => x.id === shown.staff.storeId) ?? null}
          staff={shown.staff}
          onClose={() => setShown(null)}
        />
      )}
    </>
  );
}
