/** Placeholder until this back-office page is built (this session). */
import type { Ctx } from "../nav";

export function CouponTemplatePage({ ctx }: { ctx: Ctx; id: string | null }) {
  return (
    <div class="page">
      <h1 tabIndex={-1}>{ctx.t.loading}</h1>
    </div>
  );
}
