import { useEffect, useRef, useState } from "preact/hooks";
import type { OutgoingMessage } from "./api";
import type { Strings } from "./i18n";
import { stickerEmoji } from "./view-model";

const STICKER_IDS = Array.from({ length: 13 }, (_, i) => String(1988 + i));
export const PLACES = [
  { title: "台北 101", address: "台北市信義區信義路五段 7 號", latitude: 25.033968, longitude: 121.564468 },
  { title: "台中車站", address: "台中市中區台灣大道一段 1 號", latitude: 24.137425, longitude: 120.686943 },
  {
    title: "高雄 駁二藝術特區",
    address: "高雄市鹽埕區大勇路 1 號",
    latitude: 22.620001,
    longitude: 120.281648,
  },
];
const MAX_IMAGE_BYTES = 1024 * 1024;

export type Tool = "none" | "sticker" | "location";

/** The input row: text (Enter sends, Shift+Enter breaks the line), stickers, an image, a location. */
export function Composer({
  t,
  onSend,
  request,
}: {
  t: Strings;
  onSend: (m: OutgoingMessage) => Promise<void>;
  /** Opens a tool from outside (quick reply `location` / `camera` actions); `n` makes repeats count. */
  request?: { tool: "location" | "camera"; n: number };
}) {
  const [text, setText] = useState("");
  const [panel, setPanel] = useState<Tool>("none");
  const [error, setError] = useState("");
  const fileRef = useRef<HTMLInputElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!request) return;
    if (request.tool === "location") setPanel("location");
    else fileRef.current?.click();
  }, [request]);

  // Grow with the text up to a few lines, like LINE's input.
  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 120)}px`;
  }, [text]);

  const submit = async () => {
    const value = text.trim();
    if (!value) return;
    setText("");
    await onSend({ type: "text", text: value });
  };
  const pickImage = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) {
      setError(t.imageTooLarge);
      return;
    }
    setError("");
    const reader = new FileReader();
    reader.onload = () => void onSend({ type: "image", dataUrl: String(reader.result) });
    reader.readAsDataURL(file);
  };
  const toggle = (p: Tool) => setPanel(panel === p ? "none" : p);

  return (
    <div class="composer">
      {panel === "sticker" && (
        <div class="picker stickers" data-testid="sticker-picker">
          {STICKER_IDS.map((id) => (
            <button
              key={id}
              type="button"
              class="sticker-pick"
              data-testid="sticker-option"
              aria-label={`${t.sticker} 446/${id}`}
              title={`446/${id}`}
              onClick={() => {
                setPanel("none");
                void onSend({ type: "sticker", packageId: "446", stickerId: id });
              }}
            >
              {stickerEmoji(id)}
            </button>
          ))}
        </div>
      )}
      {panel === "location" && (
        <LocationForm
          t={t}
          onCancel={() => setPanel("none")}
          onSend={(m) => {
            setPanel("none");
            void onSend(m);
          }}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="inputs">
        <button
          type="button"
          class={`icon ${panel === "sticker" ? "on" : ""}`}
          aria-label={t.sticker}
          aria-expanded={panel === "sticker"}
          title={t.sticker}
          data-testid="sticker-button"
          onClick={() => toggle("sticker")}
        >
          <span aria-hidden="true">😊</span>
        </button>
        <button
          type="button"
          class="icon"
          aria-label={t.image}
          title={t.image}
          data-testid="image-button"
          onClick={() => fileRef.current?.click()}
        >
          <span aria-hidden="true">🖼️</span>
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="image-input"
          onChange={pickImage}
        />
        <button
          type="button"
          class={`icon ${panel === "location" ? "on" : ""}`}
          aria-label={t.location}
          aria-expanded={panel === "location"}
          title={t.location}
          data-testid="location-button"
          onClick={() => toggle("location")}
        >
          <span aria-hidden="true">📍</span>
        </button>
        <textarea
          ref={inputRef}
          rows={1}
          value={text}
          maxLength={5000}
          placeholder={t.message}
          aria-label={t.message}
          data-testid="message-input"
          onInput={(e) => {
            setText((e.currentTarget as HTMLTextAreaElement).value);
          }}
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
          aria-label={t.send}
          data-testid="send-button"
        >
          {t.send}
        </button>
      </div>
    </div>
  );
}

function LocationForm({
  t,
  onSend,
  onCancel,
}: {
  t: Strings;
  onSend: (m: OutgoingMessage) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState("");
  const [address, setAddress] = useState("");
  const [lat, setLat] = useState("");
  const [lng, setLng] = useState("");
  const latitude = Number(lat);
  const longitude = Number(lng);
  const valid =
    address.trim() !== "" &&
    lat !== "" &&
    lng !== "" &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;
  return (
    <form
      class="picker location-form"
      aria-label={t.sendLocation}
      data-testid="location-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        onSend({
          type: "location",
          ...(title.trim() ? { title: title.trim() } : {}),
          address: address.trim(),
          latitude,
          longitude,
        });
      }}
    >
      <div class="places">
        {PLACES.map((p) => (
          <button
            key={p.title}
            type="button"
            class="place"
            data-testid="location-option"
            onClick={() => onSend({ type: "location", ...p })}
          >
            <span aria-hidden="true">📍</span> {p.title}
          </button>
        ))}
      </div>
      <div class="location-fields">
        <label>
          {t.placeTitle}
          <input
            value={title}
            maxLength={100}
            onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.address}
          <input
            value={address}
            maxLength={100}
            required
            onInput={(e) => setAddress((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.latitude}
          <input
            inputMode="decimal"
            value={lat}
            required
            onInput={(e) => setLat((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t.longitude}
          <input
            inputMode="decimal"
            value={lng}
            required
            onInput={(e) => setLng((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
      </div>
      <div class="form-actions">
        <button type="button" class="ghost" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="submit" class="primary" disabled={!valid}>
          {t.sendLocation}
        </button>
      </div>
    </form>
  );
}
