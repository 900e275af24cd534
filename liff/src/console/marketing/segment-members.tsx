/**
 * A saved segment's members now (`GET /api/segments/{id}/members`, 50 a page by cursor) and the
 * whole list as CSV (`…/members.csv`, fetched with the token, then saved).
 *
 * Test ids: segment-members, members-count, members-more, members-csv.
 */
import { useEffect, useState } from "preact/hooks";
import type { Ctx } from "../nav";
import { Icon } from "../ui";
import { type SegmentMember, saveBlob } from "./api";
import { MembersTable } from "./members";
import { errorText, type Lookups, useMarketing } from "./shared";

export function SegmentMembers(props: { ctx: Ctx; id: string; lookups: Lookups | null }) {
  const { ctx, id } = props;
  const { m, mapi } = useMarketing(ctx);
  const [members, setMembers] = useState<SegmentMember[] | null>(null);
  const [count, setCount] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const load = async (after: string | null) => {
    setBusy(true);
    try {
      const page = await mapi.members(id, after);
      setMembers((list) => [...(after ? (list ?? []) : []), ...page.members]);
      setCount(page.count);
      setCursor(page.nextCursor);
      setError("");
    } catch (e) {
      setError(errorText(e, ctx.lang));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load(null);
  }, [id]);

  const csv = async () => {
    try {
      saveBlob(await mapi.membersCsv(id), `segment-${id}.csv`);
    } catch (e) {
      ctx.toast(errorText(e, ctx.lang), "error");
    }
  };

  return (
    <section class="card" aria-labelledby="members-title" data-testid="segment-members">
      <div class="card-head card-head-wrap">
        <div>
          <h2 id="members-title" class="card-title">
            {m.membersTitle}
          </h2>
          <p class="hint" data-testid="members-count" data-count={count}>
            {members ? m.membersLead(count) : m.loading}
          </p>
        </div>
        <button
          type="button"
          class="btn btn-secondary btn-sm push-end"
          data-testid="members-csv"
          onClick={() => void csv()}
        >
          <Icon name="download" size={16} />
          {m.downloadCsv}
        </button>
      </div>
      {error && (
        <p class="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {members && members.length === 0 && <p class="empty">{m.noMembers}</p>}
      {members && members.length > 0 && <MembersTable ctx={ctx} members={members} lookups={props.lookups} />}
      {cursor && (
        <div class="card-foot">
          <button
            type="button"
            class="btn btn-secondary btn-sm"
            data-testid="members-more"
            disabled={busy}
            onClick={() => void load(cursor)}
          >
            {busy ? m.loading : m.loadMore}
          </button>
        </div>
      )}
    </section>
  );
}
