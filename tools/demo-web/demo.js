// Scores dropped images with the served run, exactly as tools/predict does in Node: the same pixels
// (decoded without resampling when the image already has the model's size), the same network and
// the same compiled scoring code (loaded by module-loader.js), the same threshold and normalisation.
(async function () {
  const BROWSER_MODELS = ['conv-ae', 'dense-ae'];
  const status = document.getElementById('status');
  const results = document.getElementById('results');

  async function setUp() {
    await tf.setBackend('cpu');
    const manifest = await (await fetch('/run/anomaly-zoo.json')).json();
    if (!BROWSER_MODELS.includes(manifest.model)) {
      throw new Error(`model '${manifest.model}' cannot run in the browser yet (supported: ${BROWSER_MODELS.join(', ')}; see docs/scaling.md)`);
    }
    const [reconstruction, normalise, heatMap] = await Promise.all([
      loadProjectModule('/modules/components/reconstruction.js'),
      loadProjectModule('/modules/eval/normalise.js'),
      loadProjectModule('/modules/engine/predict/heat-map.js'),
    ]);
    const network = await tf.loadLayersModel('/run/model.json');
    return { manifest, network, reconstruction, normalise, heatMap };
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
    const x = tf.tensor4d(pixels, [1, pre.height, pre.width, pre.channels]);
    const reconstructed = app.network.apply(x, { training: false });
    try {
      const result = await app.reconstruction.scoreReconstruction(x, reconstructed, app.manifest.model_config, { maps: true });
      const value = result.scores[0];
      return {
        name: file.name,
        score: value,
        normalised: app.normalise.normalise(value, app.manifest.normalisation),
        label: value > app.manifest.threshold.value ? 'anomalous' : 'normal',
        map: result.maps[0],
        notes,
      };
    } finally {
      tf.dispose([x, reconstructed]);
    }
  }

  function show(app, scored) {
    const pre = app.manifest.preprocessing;
    const row = document.createElement('div');
    row.className = `result ${scored.label}`;
    Object.assign(row.dataset, { name: scored.name, score: String(scored.score), normalised: String(scored.normalised), label: scored.label });
    const canvas = document.createElement('canvas');
    canvas.width = pre.width;
    canvas.height = pre.height;
    const rgb = app.heatMap.heatMapRgb(scored.map);
    const image = canvas.getContext('2d').createImageData(pre.width, pre.height);
    for (let p = 0; p < pre.width * pre.height; p++) image.data.set([rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2], 255], p * 4);
    canvas.getContext('2d').putImageData(image, 0, 0);
    const text = document.createElement('div');
    text.innerHTML = `<div><b></b></div><div class="label"></div><div>score <code></code>, normalised <code></code></div>`;
    text.querySelector('b').textContent = scored.name;
    text.querySelector('.label').textContent = scored.label;
    const codes = text.querySelectorAll('code');
    codes[0].textContent = scored.score.toPrecision(6);
    codes[1].textContent = scored.normalised.toFixed(3);
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
    status.textContent = `${m.model} on ${m.preprocessing.width}×${m.preprocessing.height}×${m.preprocessing.channels}, threshold ${m.threshold.value.toPrecision(5)} (${m.threshold.strategy}); backend ${tf.getBackend()}`;
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
