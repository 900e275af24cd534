/**
 * Audit entries as a table: when, who, what (in words), the changed fields before → after, the
 * reason. Used by the audit log page and a member's page.
 *
 * Test ids: audit-entries, audit-entry (data-action), audit-change.
 */
import { dateTime } from "../format";
import type { Ctx } from "../nav";
import { backOfficeHref } from "./routes";
import { type AuditEntry, useText } from "./shared";

const show = (v: unknown, none: string) =>
  v === null || v === undefined ? none : typeof v === "boolean" ? (v ? "✓" : "✗") : String(v);

export function AuditEntries({
  ctx,
  entries,
  memberLinks = true,
}: {
  ctx: Ctx;
  entries: AuditEntry[];
  memberLinks?: boolean;
}) {
  const s = useText(ctx);
  return (
    <div class="table-wrap">
      <table class="table" data-testid="audit-entries">
        <thead>
          <tr>
            <th scope="col">{s.colWhen}</th>
            <th scope="col">{s.colWho}</th>
            <th scope="col">{s.colWhat}</th>
            <th scope="col">{s.colChange}</th>
            <th scope="col">{s.colReason}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const keys = [...new Set([...Object.keys(e.before ?? {}), ...Object.keys(e.after ?? {})])];
            return (
              <tr key={e.id} data-testid="audit-entry" data-action={e.action}>
                <td class="nowrap muted">{dateTime(e.at, ctx.lang)}</td>
                <td class="nowrap">
                  {e.actor.kind === "admin"
                    ? s.admin
                    : `${e.actor.kind === "agent" ? s.agent : s.staff} ${e.actor.name}`}
                </td>
                <td>
                  <span class="strong">{s.actions[e.action] ?? e.action}</span>
                  {memberLinks && e.memberId && (
                    <a class="sub-link" href={backOfficeHref({ page: "member", id: e.memberId })}>
                      {s.colMember} →
                    </a>
                  )}
                </td>
                <td data-testid="audit-change">
                  {keys.map((k) => (
                    <div key={k} class="audit-change">
                      <span class="muted">{s.fields[k] ?? k}</span>{" "}
                      {e.before && k in e.before && (
                        <>
                          <s class="audit-before">{show(e.before[k], s.none)}</s> →{" "}
                        </>
                      )}
                      <span class="strong">{show(e.after?.[k], s.none)}</span>
                    </div>
                  ))}
                </td>
                <td>{e.reason || <span class="muted">{s.none}</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
