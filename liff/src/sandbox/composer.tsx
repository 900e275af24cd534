import { useState } from "preact/hooks";
import type { OutgoingMessage } from "./api";
import { type Lang, STRINGS } from "./i18n";

const STICKERS = ["1988", "1989", "1990", "1991", "1992", "1993", "1994", "1995"];
const EMOJI = ["😀", "🥰", "😂", "👍", "🙏", "🎉", "😮", "😢", "😎", "💪", "🤔", "👋", "❤️"];
const PLACES = [
  { title: "台北 101", address: "台北市信義區信義路五段 7 號", latitude: 25.0339, longitude: 121.5645 },
  { title: "台中車站", address: "台中市中區台灣大道一段 1 號", latitude: 24.1372, longitude: 120.6869 },
  {
    title: "高雄捷運美麗島站",
    address: "高雄市新興區中山一路 115 號",
    latitude: 22.6313,
    longitude: 120.3019,
  },
];

/** The input row: text (Enter sends, Shift+Enter breaks the line), stickers, an image, a location. */
export function Composer({ lang, onSend }: { lang: Lang; onSend: (m: OutgoingMessage) => Promise<void> }) {
  const t = STRINGS[lang];
  const [text, setText] = useState("");
  const [panel, setPanel] = useState<"none" | "sticker" | "location">("none");
  const [error, setError] = useState("");

  const submit = async () => {
    const value = text.trim();
    if (!value) return;
    setText("");
    await onSend({ type: "text", text: value });
  };
  const pickImage = (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > 1024 * 1024) {
      setError(t.imageTooLarge);
      return;
    }
    setError("");
    const reader = new FileReader();
    reader.onload = () => void onSend({ type: "image", dataUrl: String(reader.result) });
    reader.readAsDataURL(file);
  };

  return (
    <div class="composer">
      {panel === "sticker" && (
        <div class="picker" role="listbox" aria-label={t.sticker}>
          {STICKERS.map((id) => (
            <button
              key={id}
              type="button"
              class="sticker-pick"
              aria-label={`${t.sticker} ${id}`}
              onClick={() => {
                setPanel("none");
                void onSend({ type: "sticker", packageId: "446", stickerId: id });
              }}
            >
              {EMOJI[Number(id) % 13]}
            </button>
          ))}
        </div>
      )}
      {panel === "location" && (
        <div class="picker places">
          {PLACES.map((p) => (
            <button
              key={p.title}
              type="button"
              class="place"
              data-testid="location-option"
              onClick={() => {
                setPanel("none");
                void onSend({ type: "location", ...p });
              }}
            >
              📍 {p.title}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="inputs">
        <button
          type="button"
          class="icon"
          aria-label={t.sticker}
          title={t.sticker}
          onClick={() => setPanel(panel === "sticker" ? "none" : "sticker")}
        >
          😊
        </button>
        <label class="icon" title={t.image}>
          🖼️
          <input
            type="file"
            accept="image/png,image/jpeg"
            class="visually-hidden"
            aria-label={t.image}
            onChange={pickImage}
          />
        </label>
        <button
          type="button"
          class="icon"
          aria-label={t.location}
          title={t.location}
          data-testid="location-button"
          onClick={() => setPanel(panel === "location" ? "none" : "location")}
        >
          📍
        </button>
        <textarea
          rows={1}
          value={text}
          placeholder={t.message}
          aria-label={t.message}
          data-testid="message-input"
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <button
          type="button"
          class="send"
          onClick={() => void submit()}
          disabled={!text.trim()}
          data-testid="send-button"
        >
          {t.send}
        </button>
      </div>
    </div>
  );
}
