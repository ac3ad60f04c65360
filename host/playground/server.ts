// `foxsim playground`: serves the playground's files on 127.0.0.1 only. The files are embedded in
// the CLI bundle and the single binary by scripts/bundle.mjs; run from source, they are read from
// dist/playground/ (npm run build:playground). Only GET and HEAD of those few names are answered;
// a request whose Host is not this server's (DNS rebinding) is refused. The page may load nothing
// from elsewhere: the Content-Security-Policy of every response allows only its own origin.
import { createServer, type Server } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

declare const __FOXSIM_PLAYGROUND__: Record<string, ["utf8" | "base64", string]> | undefined; // name → [encoding, content]

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  wasm: "application/wasm", // WebAssembly.compileStreaming needs it
};

// vega compiles its expressions with new Function ('unsafe-eval'); the core needs 'wasm-unsafe-eval'.
const CSP = "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export class PlaygroundMissing extends Error {}

function playgroundFiles(): Map<string, Buffer> {
  if (typeof __FOXSIM_PLAYGROUND__ === "object") return new Map(Object.entries(__FOXSIM_PLAYGROUND__).map(([n, [encoding, content]]) => [n, Buffer.from(content, encoding)]));
  const dir = new URL("../../dist/playground/", import.meta.url);
  try {
    return new Map(readdirSync(dir).map((n) => [n, readFileSync(new URL(n, dir))]));
  } catch {
    throw new PlaygroundMissing(`the playground is not built (${dir.pathname}: run \`npm run build:playground\`)`);
  }
}

const PLAYGROUND_HOST = "127.0.0.1";

// Listens on 127.0.0.1:port (0: a free port); resolves with the server and its URL once listening.
export function servePlayground(port: number): Promise<{ server: Server; url: string }> {
  const files = playgroundFiles();
  let hosts: string[] = []; // the Host headers of this server: 127.0.0.1:port, localhost:port
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const name = path === "/" ? "index.html" : path.slice(1);
    const body = files.get(name);
    const send = (status: number, headers: Record<string, string>, content?: Buffer | string) => {
      res.writeHead(status, { "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache", ...headers });
      res.end(req.method === "HEAD" ? undefined : content);
    };
    if (!hosts.includes(req.headers.host ?? "")) return send(403, { "Content-Type": "text/plain; charset=utf-8" }, `only ${hosts.join(" and ")} are served here\n`);
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" }, "GET or HEAD only\n");
    if (!body) return send(404, { "Content-Type": "text/plain; charset=utf-8" }, `not found: ${name}\n`);
    const type = CONTENT_TYPES[name.slice(name.lastIndexOf(".") + 1)] ?? "application/octet-stream";
    send(200, { "Content-Type": type, "Content-Length": String(body.length) }, body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, PLAYGROUND_HOST, () => {
      server.off("error", reject);
      const p = (server.address() as AddressInfo).port;
      hosts = [`${PLAYGROUND_HOST}:${p}`, `localhost:${p}`];
      resolve({ server, url: `http://${hosts[0]}/` });
    });
  });
}
