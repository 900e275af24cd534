/**
 * `npm start`: the Node host. Embedded libSQL file database; with no LINE access token, sandbox
 * mode with the LINE emulator and chat simulator on the same port.
 */
import { ConfigError } from "./config";
import { startNodeApp } from "./hosts/node-server";

async function main() {
  const env = { ...process.env };
  const app = await startNodeApp({ env, hostname: env.HOST ?? "0.0.0.0" });
  const { config } = app;
  for (const w of config.warnings) console.warn(`warning: ${w}`);
  const lines = [
    "",
    `  omo-line is running on ${app.url}  (${config.sandbox ? "sandbox mode: LINE is emulated" : "live LINE channel"})`,
    `  database       ${config.databaseUrl}`,
    ...(config.sandbox
      ? [
          `  chat simulator ${app.url}/sandbox/   ← 在這裡扮演 LINE 使用者 / play a LINE user here`,
          `  LINE emulator  ${config.line.apiBaseUrl}/v2/bot/…  (Messaging API)  ${config.line.jwksUrl}`,
        ]
      : [`  webhook URL    ${config.publicUrl}/webhook   (set it in the LINE Developers console)`]),
    config.sandbox && !process.env.ADMIN_TOKEN
      ? `  console        ${app.url}/console/#token=${config.adminToken}   ← 後台 (signed in)`
      : `  console        ${app.url}/console/   (sign in with the admin token)`,
    `  API docs       ${app.url}/docs   (${app.url}/openapi.json)`,
    `  health         ${app.url}/healthz`,
    ...(config.sandbox && !process.env.ADMIN_TOKEN
      ? [`  admin token    ${config.adminToken}   (generated for this sandbox database)`]
      : []),
    "",
  ];
  console.log(lines.join("\n"));
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
