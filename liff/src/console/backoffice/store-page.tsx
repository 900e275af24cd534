/**
 * One store: its details (edit, close / reopen), its staff with invites, roles, deactivation and
 * personal posters, a new staff member, the store's binding QR poster, and its POS keys.
 *
 * Test ids: store-page, store-edit, store-poster, add-staff (+ staff-dialog), staff-table,
 * pos-keys.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import { backOfficeHref } from "./routes";
import { errorText, useText } from "./shared";
import { StaffDialog } from "./staff-form";
import { StoreDialog } from "./store-form";
import { PosKeys } from "./store-keys";
import { StorePoster } from "./store-poster";
import { type Store, type StoreDetail, useStoreText } from "./store-shared";
import { StaffTable } from "./store-staff";

export function StorePage({ ctx, id }: { ctx: Ctx; id: string }) {
  const s = useStoreText(ctx);
  const b = useText(ctx);
  const [detail, setDetail] = useState<StoreDetail | null>(null);
  const [stores, setStores] = useState<Store[]>([]);
  const [error, setError] = useState("");
  const [open, setOpen] = useState<"edit" | "staff" | "poster" | null>(null);
  const load = () =>
    Promise.all([
      ctx.api.request<StoreDetail>("GET", `/api/admin/stores/${encodeURIComponent(id)}`),
      ctx.api.request<{ stores: Store[] }>("GET", "/api/admin/stores"),
    ]).then(
      ([d, all]) => {
        setDetail(d);
        setStores(all.stores);
        setError("");
      },
      (e) => setError(errorText(e, ctx.lang)),
    );
  useEffect(() => {
    void load();
  }, [id]);

  if (!detail)
    return (
      <div class="page">
        {error ? (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        ) : (
          <p class="empty">{b.loading}</p>
        )}
      </div>
    );
  const store = detail.store;
  return (
    <div class="page page-wide" data-testid="store-page">
      <div class="page-head">
        <div>
          <a class="back-link" href={backOfficeHref({ page: "stores" })}>
            <Icon name="back" size={16} />
            {s.title}
          </a>
          <h1 tabIndex={-1}>
            {store.name}{" "}
            <Chip tone={store.active ? "green" : "gray"}>{store.active ? s.open : s.closed}</Chip>
          </h1>
          <p class="lead">
            <span class="mono">{store.code}</span>
            {store.address && ` · ${store.address}`}
            {store.phone && ` · ${store.phone}`}
            {store.openingHours && ` · ${store.openingHours}`}
          </p>
        </div>
        <div class="page-actions">
          <button
            type="button"
            class="btn btn-secondary"
            data-testid="store-poster"
            disabled={!store.active}
            onClick={() => setOpen("poster")}
          >
            <Icon name="qr" size={16} />
            {s.poster}
          </button>
          <button
            type="button"
            class="btn btn-secondary"
            data-testid="store-edit"
            onClick={() => setOpen("edit")}
          >
            {s.editStore}
          </button>
        </div>
      </div>
      <section class="card">
        <div class="card-head bo-head-split">
          <h2 class="card-title">{s.staffTitle}</h2>
          <button
            type="button"
            class="btn btn-primary btn-sm"
            data-testid="add-staff"
            onClick={() => setOpen("staff")}
          >
            <Icon name="plus" size={16} />
            {s.addStaff}
          </button>
        </div>
        <StaffTable ctx={ctx} staff={store.staff} stores={stores} onChanged={() => void load()} />
      </section>
      <PosKeys ctx={ctx} storeId={store.id} keys={detail.posKeys} onChanged={() => void load()} />
      <StoreDialog
        ctx={ctx}
        open={open === "edit"}
        store={store}
        onClose={(saved) => {
          setOpen(null);
          if (saved) void load();
        }}
      />
      <StaffDialog
        ctx={ctx}
        open={open === "staff"}
        staff={null}
        storeId={store.id}
        stores={stores}
        onClose={(saved) => {
          setOpen(null);
          if (saved) void load();
        }}
      />
      {open === "poster" && (
        <StorePoster ctx={ctx} store={store} staff={null} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}
