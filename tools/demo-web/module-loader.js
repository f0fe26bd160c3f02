// A minimal CommonJS loader for the browser: runs the project's compiled dist/*.js files as they are,
// so the page's scoring is the same code as Node's. '@tensorflow/tfjs' resolves to the page's global tf.
(function () {
  const cache = new Map();
  const globals = { '@tensorflow/tfjs': () => window.tf };

  function resolve(fromUrl, request) {
    return new URL(request.endsWith('.js') ? request : `${request}.js`, new URL(fromUrl, location.href)).pathname;
  }

  async function load(url) {
    if (cache.has(url)) return cache.get(url).exports;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const code = await response.text();
    const requests = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    for (const request of requests) if (!globals[request]) await load(resolve(url, request));
    const module = { exports: {} };
    const require = (request) => (globals[request] ? globals[request]() : cache.get(resolve(url, request)).exports);
    new Function('exports', 'require', 'module', code)(module.exports, require, module);
    cache.set(url, module);
    return module.exports;
  }

  window.loadProjectModule = load;
})();
