// Scores dropped images with the served run, exactly as tools/predict does in Node: the same pixels
// (decoded without resampling when the image already has the model's size), the same network and
// the same compiled scoring code (loaded by module-loader.js), the same threshold and normalisation.
// When the run has an exported model.onnx (tools/export), onnxruntime-web scores it too, beside tfjs: that
// one file carries any model's whole scoring, threshold and normalisation, so every model runs here.
(async function () {
  const BROWSER_MODELS = ['conv-ae', 'dense-ae'];
  const status = document.getElementById('status');
  const results = document.getElementById('results');

  async function setUp() {
    await tf.setBackend('cpu');
    const manifest = await (await fetch('/run/anomaly-zoo.json')).json();
    const onnx = await onnxSession();
    const onTfjs = BROWSER_MODELS.includes(manifest.model);
    if (!onTfjs && !onnx) {
      throw new Error(`model '${manifest.model}' cannot run on tfjs in the browser yet (supported: ${BROWSER_MODELS.join(', ')}); export it with tools/export to score it with onnxruntime-web`);
    }
    const [reconstruction, normalise, heatMap] = await Promise.all([
      loadProjectModule('/modules/components/reconstruction.js'),
      loadProjectModule('/modules/eval/normalise.js'),
      loadProjectModule('/modules/engine/predict/heat-map.js'),
    ]);
    const network = onTfjs ? await tf.loadLayersModel('/run/model.json') : undefined;
    return { manifest, network, onnx, reconstruction, normalise, heatMap };
  }

  /** The run's exported model.onnx in onnxruntime-web (wasm, one thread: no cross-origin isolation here), if there is one. */
  async function onnxSession() {
    const response = await fetch('/run/model.onnx');
    if (!response.ok) return undefined;
    ort.env.wasm.wasmPaths = '/vendor/';
    ort.env.wasm.numThreads = 1;
    return ort.InferenceSession.create(new Uint8Array(await response.arrayBuffer()), { executionProviders: ['wasm'] });
  }

  /** score, normalised_score, label and anomaly_map of the exported graph, for one image. */
  async function scoreOnnx(app, pixels, pre) {
    const out = await app.onnx.run({ image: new ort.Tensor('float32', pixels, [1, pre.height, pre.width, pre.channels]) });
    return {
      score: out.score.data[0],
      normalised: out.normalised_score.data[0],
      label: out.label.data[0] === 1 ? 'anomalous' : 'normal',
      map: out.anomaly_map ? Float32Array.from(out.anomaly_map.data) : undefined,
    };
  }

  /** HWC floats in [0, 1] at the model's size, and a note when the browser had to resize. */
  async function pixelsOf(file, pre) {
    const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    const resized = bitmap.width !== pre.width || bitmap.height !== pre.height;
    const canvas = new OffscreenCanvas(pre.width, pre.height);
    const context = canvas.getContext('2d', { colorSpace: 'srgb', willReadFrequently: true });
    context.fillStyle = '#000'; // alpha flattened onto black, as in Node
    context.fillRect(0, 0, pre.width, pre.height);
    context.drawImage(bitmap, 0, 0, pre.width, pre.height);
    const rgba = context.getImageData(0, 0, pre.width, pre.height).data;
    const out = new Float32Array(pre.width * pre.height * pre.channels);
    let grey = true;
    for (let p = 0; p < pre.width * pre.height; p++) {
      const [r, g, b] = [rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2]];
      if (pre.channels === 3) {
        out[p * 3] = r / 255;
        out[p * 3 + 1] = g / 255;
        out[p * 3 + 2] = b / 255;
      } else {
        if (r !== g || g !== b) grey = false;
        out[p] = Math.round(0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      }
    }
    const notes = [];
    if (resized) notes.push(`resized in the browser from ${bitmap.width}×${bitmap.height}: scores can differ slightly from tools/predict (sharp resizes differently)`);
    if (pre.channels === 1 && !grey) notes.push('converted to grey in the browser: scores can differ slightly from tools/predict');
    return { pixels: out, notes };
  }

  async function score(app, file) {
    const pre = app.manifest.preprocessing;
    const { pixels, notes } = await pixelsOf(file, pre);
    const onnx = app.onnx ? await scoreOnnx(app, pixels, pre) : undefined;
    const tfjs = app.network ? await scoreTfjs(app, pixels, pre) : undefined;
    // The tfjs path is the reference where it exists; the ONNX one is shown beside it.
    const main = tfjs ?? onnx;
    return { name: file.name, ...main, onnx: tfjs ? onnx : undefined, engine: tfjs ? 'tfjs' : 'onnxruntime-web', notes };
  }

  async function scoreTfjs(app, pixels, pre) {
    const x = tf.tensor4d(pixels, [1, pre.height, pre.width, pre.channels]);
    const reconstructed = app.network.apply(x, { training: false });
    try {
      const result = await app.reconstruction.scoreReconstruction(x, reconstructed, app.manifest.model_config, { maps: true });
      const value = result.scores[0];
      return {
        score: value,
        normalised: app.normalise.normalise(value, app.manifest.normalisation),
        label: value > app.manifest.threshold.value ? 'anomalous' : 'normal',
        map: result.maps[0],
      };
    } finally {
      tf.dispose([x, reconstructed]);
    }
  }

  function show(app, scored) {
    const pre = app.manifest.preprocessing;
    const row = document.createElement('div');
    row.className = `result ${scored.label}`;
    Object.assign(row.dataset, { name: scored.name, score: String(scored.score), normalised: String(scored.normalised), label: scored.label, engine: scored.engine });
    if (scored.onnx) Object.assign(row.dataset, { onnxScore: String(scored.onnx.score), onnxNormalised: String(scored.onnx.normalised), onnxLabel: scored.onnx.label });
    const canvas = document.createElement('canvas');
    canvas.width = pre.width;
    canvas.height = pre.height;
    const rgb = scored.map ? app.heatMap.heatMapRgb(scored.map) : new Uint8Array(pre.width * pre.height * 3);
    const image = canvas.getContext('2d').createImageData(pre.width, pre.height);
    for (let p = 0; p < pre.width * pre.height; p++) image.data.set([rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2], 255], p * 4);
    canvas.getContext('2d').putImageData(image, 0, 0);
    const text = document.createElement('div');
    text.innerHTML = `<div><b></b></div><div class="label"></div><div>score <code></code>, normalised <code></code> (<span></span>)</div>`;
    text.querySelector('b').textContent = scored.name;
    text.querySelector('.label').textContent = scored.label;
    const codes = text.querySelectorAll('code');
    codes[0].textContent = scored.score.toPrecision(6);
    codes[1].textContent = scored.normalised.toFixed(3);
    text.querySelector('span').textContent = scored.engine;
    if (scored.onnx) {
      const line = document.createElement('div');
      line.textContent = `onnxruntime-web on model.onnx: score ${scored.onnx.score.toPrecision(6)}, normalised ${scored.onnx.normalised.toFixed(3)}, ${scored.onnx.label}`;
      text.appendChild(line);
    }
    for (const note of scored.notes) {
      const line = document.createElement('div');
      line.className = 'note';
      line.textContent = note;
      text.appendChild(line);
    }
    row.append(canvas, text);
    results.prepend(row);
  }

  async function scoreFiles(app, files) {
    for (const file of files) {
      try {
        show(app, await score(app, file));
      } catch (error) {
        const row = document.createElement('div');
        row.className = 'result error';
        row.dataset.name = file.name;
        row.textContent = `${file.name}: cannot score (${error.message})`;
        results.prepend(row);
      }
    }
    status.dataset.scored = String(results.children.length);
  }

  try {
    const app = await setUp();
    const m = app.manifest;
    const engines = [app.network ? `tfjs (${tf.getBackend()} backend)` : undefined, app.onnx ? 'onnxruntime-web (wasm) on model.onnx' : undefined].filter(Boolean);
    status.textContent = `${m.model} on ${m.preprocessing.width}×${m.preprocessing.height}×${m.preprocessing.channels}, threshold ${m.threshold.value.toPrecision(5)} (${m.threshold.strategy}); scored by ${engines.join(' and ')}`;
    status.dataset.ready = '1';
    const drop = document.getElementById('drop');
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      scoreFiles(app, [...event.dataTransfer.files]);
    });
    document.getElementById('file').addEventListener('change', (event) => scoreFiles(app, [...event.target.files]));
  } catch (error) {
    status.textContent = `cannot load the model: ${error.message}`;
    status.dataset.error = error.message;
  }
})();
