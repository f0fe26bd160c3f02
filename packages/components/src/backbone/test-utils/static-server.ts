import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234/ */
  baseUrl: string;
  /** Paths asked for, in order (query strings kept). */
  requests: string[];
  /** Stops listening and drops open connections; a second call does nothing. */
  close(): Promise<void>;
}

/** Serves the files of `dir` on 127.0.0.1 under the URL folder `prefix` (query strings ignored); anything else 404s. */
export async function serveDirectory(dir: string, prefix = '/'): Promise<StaticServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const urlPath = decodeURIComponent((req.url ?? '').split('?')[0]);
    const name = urlPath.startsWith(prefix) ? urlPath.slice(prefix.length) : '';
    const file = path.join(dir, name);
    if (name === '' || name.includes('/') || name.includes('..') || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
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
