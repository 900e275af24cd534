/** Initial-letter avatars with a stable colour per id (no pictures offline). */
const COLORS = ["#e06c5a", "#d9904a", "#b58a12", "#4f9a5e", "#3b8fa8", "#5b74c9", "#8a64c0", "#c2588f"];

export function avatarColor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return COLORS[h % COLORS.length] ?? "#5b74c9";
}
/** The first character (a whole CJK character or emoji, not half of a surrogate pair). */
export const initial = (name: string) => Array.from(name.trim())[0]?.toUpperCase() ?? "?";

export function Avatar({
  id,
  name,
  kind = "user",
}: {
  id: string;
  name: string;
  kind?: "user" | "group" | "bot";
}) {
  if (kind === "bot")
    return (
      <span class="avatar bot" aria-hidden="true">
        OA
      </span>
    );
  if (kind === "group")
    return (
      <span class="avatar group" aria-hidden="true">
        👥
      </span>
    );
  return (
    <span class="avatar" aria-hidden="true" style={{ backgroundColor: avatarColor(id) }}>
      {initial(name)}
    </span>
  );
}
