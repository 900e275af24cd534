import { ActionButton } from "./action-button";
import type { Action } from "./api";
import type { Strings } from "./i18n";
import type { Obj } from "./view-model";

/** Template messages (buttons, confirm, carousel, image_carousel) as LINE draws them. */
const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const actionsOf = (o: Obj): Action[] => (Array.isArray(o.actions) ? (o.actions as Action[]) : []);
type Props = { template: Obj; onAction: (a: Action) => void; t: Strings };

function Thumb({ url, ratio, size, bg }: { url?: string; ratio: unknown; size: unknown; bg?: string }) {
  if (!url) return null;
  return (
    <img
      class="tpl-thumb"
      src={url}
      alt=""
      loading="lazy"
      style={{
        aspectRatio: ratio === "square" ? "1 / 1" : "1.51 / 1",
        objectFit: size === "contain" ? "contain" : "cover",
        backgroundColor: bg,
      }}
    />
  );
}

function Column({ col, template, onAction, t }: Props & { col: Obj }) {
  const def = col.defaultAction as Action | undefined;
  return (
    <article class="tpl-card" data-testid="template-card">
      <Thumb
        url={str(col.thumbnailImageUrl)}
        ratio={template.imageAspectRatio}
        size={template.imageSize}
        bg={str(col.imageBackgroundColor)}
      />
      <div class="tpl-body">
        {str(col.title) && <strong class="tpl-title">{str(col.title)}</strong>}
        <p class="tpl-text">{str(col.text)}</p>
        {def && (
          <ActionButton action={def} onAction={onAction} t={t} class="tpl-default" testid="template-action" />
        )}
      </div>
      <ActionRow actions={actionsOf(col)} onAction={onAction} t={t} />
    </article>
  );
}

/** A template's action buttons, stacked (buttons, carousel) or side by side (confirm). */
function ActionRow({
  actions,
  onAction,
  t,
  row = false,
}: {
  actions: Action[];
  onAction: Props["onAction"];
  t: Props["t"];
  row?: boolean;
}) {
  return (
    <div class={row ? "tpl-actions tpl-row" : "tpl-actions"}>
      {actions.map((a, i) => (
        <ActionButton
          key={i}
          action={a}
          onAction={onAction}
          t={t}
          class="tpl-action"
          testid="template-action"
        />
      ))}
    </div>
  );
}

export function TemplateCard({ template, onAction, t }: Props) {
  const cols = Array.isArray(template.columns) ? (template.columns as Obj[]) : [];
  switch (template.type) {
    case "carousel":
      return (
        <section class="fx-carousel">
          {cols.map((c, i) => (
            <Column key={i} col={c} template={template} onAction={onAction} t={t} />
          ))}
        </section>
      );
    case "image_carousel":
      return (
        <section class="fx-carousel">
          {cols.map((c, i) => {
            const a = c.action as Action | undefined;
            return (
              <article key={i} class="tpl-image-col" data-testid="template-card">
                <img src={str(c.imageUrl)} alt="" loading="lazy" />
                {a && (
                  <ActionButton
                    action={a}
                    onAction={onAction}
                    t={t}
                    class="tpl-image-action"
                    testid="template-action"
                  />
                )}
              </article>
            );
          })}
        </section>
      );
    case "confirm":
      return (
        <article class="tpl-card tpl-confirm" data-testid="template-card">
          <p class="tpl-text">{str(template.text)}</p>
          <ActionRow actions={actionsOf(template)} onAction={onAction} t={t} row />
        </article>
      );
    default:
      return <Column col={template} template={template} onAction={onAction} t={t} />;
  }
}
