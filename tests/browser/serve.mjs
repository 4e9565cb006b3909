// Shared by the browser tests: a static server that serves a built site
// under a path prefix, as GitHub Pages does, and Chromium's launch options.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, normalize, extname } from "node:path";

export const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
  ".csv": "text/csv", ".txt": "text/plain", ".png": "image/png",
};

/** A static server for `root` under the path prefix `base`, like GitHub Pages. */
export function serve(root, base) {
  return new Promise((resolve) => {
    const server = createServer(async (req, res) => {
      const url = new URL(req.url, "http://x");
      let path = decodeURIComponent(url.pathname);
      const send404 = async () => {
        const body = await readFile(join(root, "404.html")).catch(() => "not found");
        res.writeHead(404, { "content-type": TYPES[".html"] });
        res.end(body);
      };
      if (!path.startsWith(base)) return send404();
      let file = normalize(join(root, path.slice(base.length)));
      if (!file.startsWith(normalize(root))) return send404();
      try {
        if ((await stat(file)).isDirectory()) file = join(file, "index.html");
        const body = await readFile(file);
        res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
        res.end(body);
      } catch {
        await send404();
      }
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}


/** Launch options for Debian's Chromium on a machine with no outside network. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};
