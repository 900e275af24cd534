/**
 * A store's details in a dialog: new (code and name required; `POST /api/admin/stores`) or edited
 * (`PATCH /api/admin/stores/{id}`, only what changed). What was typed stays; the API's refusals
 * land on their fields (a taken code on the code).
 *
 * Test ids: store-dialog, store-<field> (code, name, address, phone, openingHours, latitude,
 * longitude), store-active, `<id>-error`, store-dialog-submit, store-dialog-error.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { TextField } from "../ui";
import { FormDialog, refusalOf, useText } from "./shared";
import { type Store, useStoreText } from "./store-shared";

const TEXT_FIELDS = ["name", "address", "phone", "openingHours"] as const;
type Draft = Record<(typeof TEXT_FIELDS)[number] | "code" | "latitude" | "longitude", string> & {
  active: boolean;
};

const draftOf = (s: Store | null): Draft => ({
  code: s?.code ?? "",
  name: s?.name ?? "",
  address: s?.address ?? "",
  phone: s?.phone ?? "",
  openingHours: s?.openingHours ?? "",
  latitude: s?.latitude == null ? "" : String(s.latitude),
  longitude: s?.longitude == null ? "" : String(s.longitude),
  active: s?.active ?? true,
});

export function StoreDialog(props: {
  ctx: Ctx;
  open: boolean;
  store: Store | null;
  onClose: (saved: { id: string } | null) => void;
}) {
  const { ctx, store } = props;
  const s = useStoreText(ctx);
  const b = useText(ctx);
  const [d, setD] = useState<Draft>(() => draftOf(store));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [form, setForm] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!props.open) return;
    setD(draftOf(store));
    setErrors({});
    setForm("");
  }, [props.open]);
  const set = (k: keyof Draft, v: string | boolean) => {
    setD((x) => ({ ...x, [k]: v }));
    setErrors(({ [k]: _, ...rest }) => rest);
  };

  const submit = async () => {
    const local: Record<string, string> = {};
    if (!store && !d.code.trim()) local.code = b.required;
    if (!d.name.trim()) local.name = b.required;
    const coord = (k: "latitude" | "longitude") => {
      const text = d[k].trim();
      if (!text) return null;
      if (!/^-?\d+(\.\d+)?$/.test(text)) local[k] = s.notNumber;
      return Number(text);
    };
    const latitude = coord("latitude");
    const longitude = coord("longitude");
    setErrors(local);
    setForm("");
    if (Object.keys(local).length) return;
    const all = {
      ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, d[k].trim()])),
      latitude,
      longitude,
    } as Record<string, string | number | null | boolean>;
    setBusy(true);
    try {
      if (store) {
        const before = draftOf(store);
        const body: Record<string, unknown> = {};
        for (const k of TEXT_FIELDS) if (d[k].trim() !== before[k]) body[k] = all[k];
        for (const k of ["latitude", "longitude"] as const) if (d[k].trim() !== before[k]) body[k] = all[k];
        if (d.active !== store.active) body.active = d.active;
        if (Object.keys(body).length)
          await ctx.api.request("PATCH", `/api/admin/stores/${encodeURIComponent(store.id)}`, body);
        ctx.toast(s.saved);
        props.onClose({ id: store.id });
      } else {
        const body = Object.fromEntries(
          Object.entries({ ...all, code: d.code.trim() }).filter(([, v]) => v !== null && v !== ""),
        );
        const r = await ctx.api.request<{ id: string }>("POST", "/api/admin/stores", {
          ...body,
          name: d.name.trim(),
        });
        ctx.toast(s.created);
        props.onClose(r);
      }
    } catch (e) {
      const r = refusalOf(e, ctx, { CONFLICT: "code" });
      setErrors(r.fields);
      setForm(r.form);
    } finally {
      setBusy(false);
    }
  };

  const text = (k: keyof Draft, label: string, placeholder?: string) => (
    <TextField
      id={`store-${k}`}
      label={label}
      placeholder={placeholder}
      value={String(d[k])}
      error={errors[k] ?? ""}
      testId={`store-${k}`}
      errorTestId={`store-${k}-error`}
      onInput={(v) => set(k, v)}
    />
  );
  return (
    <FormDialog
      open={props.open}
      title={store ? s.editStore : s.newStore}
      testId="store-dialog"
      submit={busy ? b.saving : store ? b.save : s.newStore}
      cancel={b.cancel}
      busy={busy}
      error={form}
      onSubmit={() => void submit()}
      onClose={() => props.onClose(null)}
    >
      {!store && text("code", s.code, s.codeHint)}
      {text("name", s.name)}
      {text("address", s.address)}
      <div class="bo-form-row">
        {text("phone", s.phone)}
        {text("openingHours", s.openingHours, s.openingHoursHint)}
      </div>
      <div class="bo-form-row">
        {text("latitude", s.latitude, "25.0330")}
        {text("longitude", s.longitude, "121.5654")}
      </div>
      {store && (
        <label class="check">
          <input
            type="checkbox"
            checked={d.active}
            data-testid="store-active"
            onChange={(e) => set("active", e.currentTarget.checked)}
          />
          {s.storeOpen}
        </label>
      )}
    </FormDialog>
  );
}
