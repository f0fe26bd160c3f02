import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

export interface ServedDirectory {
  /** The folder's URL, ending in '/'. */
  url: string;
  /** Paths asked for, in order (e.g. to check which files a loader fetched). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the files under `dir` over http on 127.0.0.1 (a test's stand-in for a web server hosting a saved model). */
export async function serveDirectory(dir: string): Promise<ServedDirectory> {
  const root = fs.realpathSync(dir);
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(pathname);
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((done) => server.close(() => done())) };
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
