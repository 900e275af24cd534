/**
 * A staff member in a dialog: new (code, name, role; a store clerk belongs to the store the page
 * is of — `POST /api/admin/staff`) or edited (name, role, store — `PATCH /api/admin/staff/{id}`,
 * only what changed). The API's refusals land on their fields (a taken code, a clerk without a
 * store).
 *
 * Test ids: staff-dialog, staff-code, staff-name, staff-role, staff-store, `<id>-error`,
 * staff-dialog-submit, staff-dialog-error.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { TextField } from "../ui";
import { FormDialog, refusalOf, useText } from "./shared";
import { type Staff, type Store, useStoreText } from "./store-shared";

type Role = Staff["role"];
const ROLES: Role[] = ["staff", "agent", "admin"];

export function StaffDialog(props: {
  ctx: Ctx;
  open: boolean;
  /** null: a new staff member, of `storeId` when given. */
  staff: Staff | null;
  storeId: string | null;
  stores: Store[];
  onClose: (saved: { id: string } | null) => void;
}) {
  const { ctx, staff } = props;
  const s = useStoreText(ctx);
  const b = useText(ctx);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("staff");
  const [storeId, setStoreId] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [form, setForm] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!props.open) return;
    setCode(staff?.code ?? "");
    setName(staff?.name ?? "");
    setRole(staff?.role ?? "staff");
    setStoreId(staff?.storeId ?? props.storeId ?? "");
    setErrors({});
    setForm("");
  }, [props.open]);
  const clear = (k: string) => setErrors(({ [k]: _, ...rest }) => rest);

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!staff && !code.trim()) local.code = b.required;
    if (!name.trim()) local.name = b.required;
    setErrors(local);
    setForm("");
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      if (staff) {
        const body: Record<string, unknown> = {};
        if (name.trim() !== staff.name) body.name = name.trim();
        if (role !== staff.role) body.role = role;
        if ((storeId || null) !== staff.storeId) body.storeId = storeId || null;
        if (Object.keys(body).length)
          await ctx.api.request("PATCH", `/api/admin/staff/${encodeURIComponent(staff.id)}`, body);
        ctx.toast(s.saved);
        props.onClose({ id: staff.id });
      } else {
        const r = await ctx.api.request<{ id: string }>("POST", "/api/admin/staff", {
          code: code.trim(),
          name: name.trim(),
          role,
          ...(storeId ? { storeId } : {}),
        });
        ctx.toast(s.created);
        props.onClose(r);
      }
    } catch (e) {
      const r = refusalOf(e, ctx, { CONFLICT: "code", NOT_FOUND: "storeId" });
      setErrors(r.fields);
      setForm(r.form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      open={props.open}
      title={staff ? s.editStaff : s.addStaff}
      testId="staff-dialog"
      submit={busy ? b.saving : staff ? b.save : s.addStaff}
      cancel={b.cancel}
      busy={busy}
      error={form}
      onSubmit={() => void submit()}
      onClose={() => props.onClose(null)}
    >
      {!staff && (
        <TextField
          id="staff-code"
          label={s.staffCode}
          placeholder={s.staffCodeHint}
          value={code}
          error={errors.code ?? ""}
          testId="staff-code"
          errorTestId="staff-code-error"
          onInput={(v) => {
            setCode(v);
            clear("code");
          }}
        />
      )}
      <TextField
        id="staff-name"
        label={s.staffName}
        value={name}
        error={errors.name ?? ""}
        testId="staff-name"
        errorTestId="staff-name-error"
        onInput={(v) => {
          setName(v);
          clear("name");
        }}
      />
      <div class="bo-form-row">
        <div class="field">
          <label class="field-label" for="staff-role">
            {s.role}
          </label>
          <select
            id="staff-role"
            class="input"
            value={role}
            data-testid="staff-role"
            onChange={(e) => {
              setRole(e.currentTarget.value as Role);
              clear("storeId");
            }}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {s.roles[r]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field-label" for="staff-store">
            {s.store}
          </label>
          <select
            id="staff-store"
            class="input"
            value={storeId}
            data-testid="staff-store"
            aria-invalid={errors.storeId ? true : undefined}
            aria-describedby={errors.storeId ? "staff-store-error" : undefined}
            onChange={(e) => {
              setStoreId(e.currentTarget.value);
              clear("storeId");
            }}
          >
            <option value="">{s.noStore}</option>
            {props.stores.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
          {errors.storeId && (
            <p class="field-error" id="staff-store-error" data-testid="staff-store-error">
              {errors.storeId}
            </p>
          )}
        </div>
      </div>
    </FormDialog>
  );
}
