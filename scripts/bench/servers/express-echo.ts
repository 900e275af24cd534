/**
 * Bench target (b): the server most LINE bots start from — Express + @line/bot-sdk's middleware,
 * replying an echo to each text message (the SDK's own example), against the same LINE stub.
 */
import { messagingApi, middleware, type webhook } from "@line/bot-sdk";
import express from "express";

const channelSecret = process.env.LINE_CHANNEL_SECRET ?? "";
const client = new messagingApi.MessagingApiClient({
  channelAccessToken: process.env.LINE_CHANNEL_ACCESS_TOKEN ?? "",
  baseURL: process.env.LINE_API_BASE_URL,
});
const app = express();
app.post("/webhook", middleware({ channelSecret }), async (req, res) => {
  const events = (req.body as { events: webhook.Event[] }).events;
  try {
    const result = await Promise.all(
      events.map((e) =>
        e.type === "message" && e.message.type === "text"
          ? client.replyMessage({
              replyToken: e.replyToken ?? "",
              messages: [{ type: "text", text: e.message.text }],
            })
          : null,
      ),
    );
    res.json(result);
  } catch {
    res.status(500).end();
  }
});
const server = app.listen(0, "127.0.0.1", () => {
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  process.stdout.write(`READY http://127.0.0.1:${port}\n`);
});
