/**
 * 門市與店員: every store (code, name, address, its staff and how many have joined in LINE, open
 * or closed), a new store, and the head office (admins and agents, who belong to no store).
 *
 * Test ids: stores-page, stores-table, store-row (data-id, data-code, data-active), new-store,
 * hq-staff.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Chip, Icon } from "../ui";
import { backOfficeHref } from "./routes";
import { errorText, useText } from "./shared";
import { StoreDialog } from "./store-form";
import { type Staff, type Store, useStoreText } from "./store-shared";
import { StaffTable } from "./store-staff";

export function StoresPage({ ctx }: { ctx: Ctx }) {
  const s = useStoreText(ctx);
  const b = useText(ctx);
  const [stores, setStores] = useState<Store[] | null>(null);
  const [hq, setHq] = useState<Staff[]>([]);
  const [error, setError] = useState("");
  const [creating, setCreating] = useState(false);
  const load = () =>
    ctx.api.request<{ stores: Store[]; headOffice?: Staff[] }>("GET", "/api/admin/stores").then(
      (r) => {
        setStores(r.stores);
        setHq(r.headOffice ?? []);
      },
      (e) => setError(errorText(e, ctx.lang)),
    );
  useEffect(() => {
    void load();
  }, [ctx.api]);

  return (
    <div class="page page-wide" data-testid="stores-page">
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{s.title}</h1>
          <p class="lead">{s.lead}</p>
        </div>
        <div class="page-actions">
          <button
            type="button"
            class="btn btn-primary"
            data-testid="new-store"
            onClick={() => setCreating(true)}
          >
            <Icon name="plus" size={16} />
            {s.newStore}
          </button>
        </div>
      </div>
      <section class="card">
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {!stores && !error && <p class="empty">{b.loading}</p>}
        {stores?.length === 0 && <p class="empty">{s.noStores}</p>}
        {stores && stores.length > 0 && (
          <div class="table-wrap">
            <table class="table" data-testid="stores-table">
              <thead>
                <tr>
                  <th scope="col">{s.colStore}</th>
                  <th scope="col">{s.colAddress}</th>
                  <th scope="col">{s.openingHours}</th>
                  <th scope="col">{s.colStaff}</th>
                  <th scope="col">{s.colStatus}</th>
                </tr>
              </thead>
              <tbody>
                {stores.map((x) => (
                  <tr
                    key={x.id}
                    data-testid="store-row"
                    data-id={x.id}
                    data-code={x.code}
                    data-active={String(x.active)}
                  >
                    <td>
                      <a class="row-title" href={backOfficeHref({ page: "store", id: x.id })}>
                        {x.name}
                      </a>
                      <span class="sub mono">{x.code}</span>
                    </td>
                    <td>
                      {x.address || b.none}
                      {x.phone && <span class="sub">{x.phone}</span>}
                    </td>
                    <td class="muted">{x.openingHours || b.none}</td>
                    <td class="nowrap">
                      {s.staffCount(x.staff.filter((p) => p.linked && p.active).length, x.staff.length)}
                    </td>
                    <td>
                      <Chip tone={x.active ? "green" : "gray"}>{x.active ? s.open : s.closed}</Chip>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {hq.length > 0 && (
        <section class="card" data-testid="hq-staff">
          <div class="card-head">
            <div>
              <h2 class="card-title">{s.hqTitle}</h2>
              <p class="hint">{s.hqLead}</p>
            </div>
          </div>
          <StaffTable ctx={ctx} staff={hq} stores={stores ?? []} onChanged={() => void load()} />
        </section>
      )}
      <StoreDialog
        ctx={ctx}
        open={creating}
        store={null}
        onClose={(saved) => {
          setCreating(false);
          if (saved) ctx.go({ page: "store", id: saved.id });
        }}
      />
    </div>
  );
}
