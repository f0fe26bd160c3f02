import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

export interface ServedDirectory {
  /** The server's root URL, e.g. http://127.0.0.1:41234/ (the files are under `prefix` below it). */
  url: string;
  /** Paths asked for, in order, query strings kept (e.g. to check which files a loader fetched). */
  requests: string[];
  /** Stops listening and drops open connections; a second call does nothing. */
  close(): Promise<void>;
}

/**
 * Serves the files under `dir` over http on 127.0.0.1 at the URL folder `prefix` (a test's stand-in for a web
 * server hosting a saved model, or for TF Hub); query strings are ignored, anything outside `dir` or missing 404s.
 */
export async function serveDirectory(dir: string, prefix = '/'): Promise<ServedDirectory> {
  const root = fs.realpathSync(dir);
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = pathname.startsWith(prefix) ? path.join(root, pathname.slice(prefix.length)) : root;
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (closed) return resolve();
        closed = true;
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Every file under `dir` as browser-style Files whose webkitRelativePath starts with `folder` (a picked folder). */
export function pickedFolder(dir: string, folder: string): File[] {
  const files: File[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const file = new File([fs.readFileSync(full)], entry.name);
        Object.defineProperty(file, 'webkitRelativePath', { value: `${folder}/${path.relative(dir, full).split(path.sep).join('/')}` });
        files.push(file);
      }
    }
  };
  walk(dir);
  return files;
}
