import { render } from "preact";
import { App } from "./app";
import { config } from "./config";
import { langFrom, setLang } from "./i18n";
import { startPlatform } from "./platform";
import "./styles.css";

/**
 * The LIFF pages' entry: render at once (the card paints from its cache), start LIFF in
 * parallel (or the sandbox outside LINE), then follow LINE's language unless the user chose one.
 */
const root = document.getElementById("app") as HTMLElement;
render(<App />, root);

startPlatform(config)
  .then((p) => setLang(langFrom(p.language())))
  .catch((err: unknown) => {
    console.error("LIFF could not start", err);
  });
