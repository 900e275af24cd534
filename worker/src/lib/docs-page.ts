/** The page's inline style and script: allowed by the CSP by their hashes (lib/security-headers.ts). */
export const DOCS_STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Noto Sans TC",sans-serif;margin:0;color:#1f2933;background:#f6f8f7}
header{background:#06c755;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{max-width:960px;margin:0 auto;padding:16px}
details{background:#fff;border:1px solid #dde3e0;border-radius:8px;margin:8px 0}
summary{cursor:pointer;padding:10px 14px;display:flex;gap:10px;align-items:center}
.m{font:600 12px ui-monospace,monospace;padding:2px 8px;border-radius:4px;color:#fff;min-width:48px;text-align:center}
.get{background:#2f6fde}.post{background:#06a04a}.patch{background:#b7791f}.delete{background:#c53030}.put{background:#6b46c1}
code,pre{font:13px ui-monospace,monospace}pre{background:#f1f4f2;padding:10px;overflow:auto;margin:0 14px 12px;border-radius:6px}
h2{font-size:16px;margin:24px 0 4px}.lock{color:#7b8794;font-size:12px}
`;

export const DOCS_SCRIPT = `
fetch("/openapi.json").then(r=>r.json()).then(doc=>{
  const root=document.getElementById("root");root.textContent="";
  const p=document.createElement("p");p.textContent=doc.info.description;root.append(p);
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths||{}))for(const [method,op] of Object.entries(ops)){
    const tag=(op.tags&&op.tags[0])||"other";(byTag[tag]=byTag[tag]||[]).push({path,method,op});}
  for(const [tag,list] of Object.entries(byTag)){
    const h=document.createElement("h2");h.textContent=tag;root.append(h);
    for(const {path,method,op} of list){
      const d=document.createElement("details");const s=document.createElement("summary");
      const m=document.createElement("span");m.className="m "+method;m.textContent=method.toUpperCase();
      const c=document.createElement("code");c.textContent=path;const t=document.createElement("span");t.textContent=op.summary||"";
      s.append(m,c,t);if(op.security){const l=document.createElement("span");l.className="lock";l.textContent="🔒 "+op.security.map(x=>Object.keys(x)[0]).join(", ");s.append(l);}
      d.append(s);const pre=document.createElement("pre");
      pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);d.append(pre);root.append(d);}}
}).catch(e=>{document.getElementById("root").textContent="Could not load /openapi.json: "+e});
`;

/**
 * An offline API reference: reads /openapi.json and lists every operation with its parameters,
 * body and responses. No CDN (the sandbox runs without internet).
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>omo-line API</title>
<style>${DOCS_STYLE}</style></head><body><header><h1>omo-line API 文件 · Reference</h1></header><main id="root">載入中… Loading…</main>
<script>${DOCS_SCRIPT}</script></body></html>`;
}
