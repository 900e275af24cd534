/**
 * A binding QR poster (A4 portrait when printed): the store's, or a clerk's personal one (which
 * credits them as referrer). Opening it issues a signed link (`POST /api/admin/binding-links`,
 * audited) and draws its QR here; 列印 prints the poster alone.
 *
 * Test ids: poster-dialog, poster (data-url), poster-print, poster-dialog-close.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import { errorText } from "./shared";
import { InfoDialog, QrCode, type Staff, type Store, useStoreText } from "./store-shared";

export function StorePoster(props: {
  ctx: Ctx;
  store: Store | null;
  staff: Staff | null;
  onClose: () => void;
}) {
  const { ctx, store, staff } = props;
  const s = useStoreText(ctx);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    if (!store) return;
    ctx.api
      .request<{ url: string; expiresAt: string }>("POST", "/api/admin/binding-links", {
        storeId: store.id,
        ...(staff ? { staffId: staff.id, source: "staff_link" } : { source: "store_qr" }),
      })
      .then(setLink, (e) => setError(errorText(e, ctx.lang)));
  }, [store?.id, staff?.id]);
  if (!store) return null;
  const day = (iso: string) =>
    new Date(iso).toLocaleDateString(ctx.lang === "en" ? "en-GB" : "zh-TW", {
      timeZone: "Asia/Taipei",
      year: "numeric",
      month: "long",
      day: "numeric",
    });
  return (
    <InfoDialog
      open
      wide
      title={s.posterTitle(staff ? `${store.name} · ${staff.name}` : store.name)}
      testId="poster-dialog"
      close={s.close}
      onClose={props.onClose}
      actions={
        <button
          type="button"
          class="btn btn-secondary"
          data-testid="poster-print"
          disabled={!link}
          onClick={() => window.print()}
        >
          <Icon name="printer" size={16} />
          {s.print}
        </button>
      }
    >
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <div class="bo-poster" data-testid="poster" data-url={link.url}>
          <p class="bo-poster-brand">{store.name}</p>
          <h3 class="bo-poster-title">{s.posterHeadline}</h3>
          <p class="bo-poster-sub">{s.posterSub}</p>
          <QrCode
            value={link.url}
            label={s.posterTitle(store.name)}
            size="min(60vh, 320px)"
            class="qr bo-poster-qr"
          />
          {staff && <p class="bo-poster-staff">{s.posterStaff(staff.name)}</p>}
          <p class="bo-poster-foot">
            {store.address}
            {store.openingHours ? ` · ${store.openingHours}` : ""}
          </p>
          <p class="bo-poster-expires">{s.posterExpires(day(link.expiresAt))}</p>
        </div>
      )}
    </InfoDialog>
  );
}
