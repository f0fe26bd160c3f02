// Scores dropped images with the served run through the anomaly-zoo library's browser bundle (the global
// anomalyZoo): the same loading, network, scoring, threshold and normalisation as tools/predict in Node. The page
// only turns files into ImageData and draws the results. When the run has an exported model.onnx (tools/export), the
// page also scores the library's pixels with onnxruntime-web on that file, which carries the model's whole scoring,
// threshold and normalisation, and shows its result beside the tfjs one.
(async function () {
  const status = document.getElementById('status');
  const results = document.getElementById('results');

  async function setUp() {
    await tf.setBackend('cpu');
    const detector = await anomalyZoo.loadModel('/run/', { pretrainedModels: '/models/' });
    return { detector, manifest: detector.manifest, onnx: await onnxSession() };
  }

  /** The run's exported model.onnx in onnxruntime-web (wasm, one thread: no cross-origin isolation here), if there is one. */
  async function onnxSession() {
    const response = await fetch('/run/model.onnx');
    if (!response.ok) return undefined;
    ort.env.wasm.wasmPaths = '/vendor/';
    ort.env.wasm.numThreads = 1;
    return ort.InferenceSession.create(new Uint8Array(await response.arrayBuffer()), { executionProviders: ['wasm'] });
  }

  /** score, normalised_score and label of the exported graph, given the very pixels the library scores. */
  async function scoreOnnx(app, imageData) {
    const { data, dims } = await app.detector.pixels([imageData]);
    const out = await app.onnx.run({ image: new ort.Tensor('float32', data, dims) });
    return { score: out.score.data[0], normalised: out.normalised_score.data[0], label: out.label.data[0] === 1 ? 'anomalous' : 'normal' };
  }

  /** The image as ImageData at the model's size (alpha onto black), and a note when the browser had to resize. */
  async function imageDataOf(file, pre) {
    const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    const canvas = new OffscreenCanvas(pre.width, pre.height);
    const context = canvas.getContext('2d', { colorSpace: 'srgb', willReadFrequently: true });
    context.fillStyle = '#000'; // alpha flattened onto black, as in Node
    context.fillRect(0, 0, pre.width, pre.height);
    context.drawImage(bitmap, 0, 0, pre.width, pre.height);
    const notes = [];
    if (bitmap.width !== pre.width || bitmap.height !== pre.height) {
      notes.push(`resized in the browser from ${bitmap.width}×${bitmap.height}: scores can differ slightly from tools/predict (sharp resizes differently)`);
    }
    if (pre.channels === 1) notes.push('converted to grey in the browser (Rec. 709 luma): scores can differ slightly from tools/predict');
    return { imageData: context.getImageData(0, 0, pre.width, pre.height), notes };
  }

  async function score(app, file) {
    const { imageData, notes } = await imageDataOf(file, app.manifest.preprocessing);
    const detection = await app.detector.score([imageData], { maps: true });
    return {
      name: file.name,
      score: detection.scores[0],
      normalised: detection.normalisedScores[0],
      label: detection.labels[0],
      map: detection.maps?.[0],
      onnx: app.onnx ? await scoreOnnx(app, imageData) : undefined,
      notes,
    };
  }

  function show(app, scored) {
    const pre = app.manifest.preprocessing;
    const row = document.createElement('div');
    row.className = `result ${scored.label}`;
    Object.assign(row.dataset, { name: scored.name, score: String(scored.score), normalised: String(scored.normalised), label: scored.label });
    if (scored.onnx) Object.assign(row.dataset, { onnxScore: String(scored.onnx.score), onnxNormalised: String(scored.onnx.normalised), onnxLabel: scored.onnx.label });
    const canvas = document.createElement('canvas');
    canvas.width = pre.width;
    canvas.height = pre.height;
    if (scored.map) {
      const rgb = anomalyZoo.heatMapRgb(scored.map);
      const image = canvas.getContext('2d').createImageData(pre.width, pre.height);
      for (let p = 0; p < pre.width * pre.height; p++) image.data.set([rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2], 255], p * 4);
      canvas.getContext('2d').putImageData(image, 0, 0);
    }
    const text = document.createElement('div');
    text.innerHTML = `<div><b></b></div><div class="label"></div><div>score <code></code>, normalised <code></code></div>`;
    text.querySelector('b').textContent = scored.name;
    text.querySelector('.label').textContent = scored.label;
    const codes = text.querySelectorAll('code');
    codes[0].textContent = scored.score.toPrecision(6);
    codes[1].textContent = scored.normalised.toFixed(3);
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
    status.textContent = `${m.model} on ${m.preprocessing.width}×${m.preprocessing.height}×${m.preprocessing.channels}, threshold ${m.threshold.value.toPrecision(5)} (${m.threshold.strategy}); scored by tfjs (${tf.getBackend()} backend)${app.onnx ? ' and by onnxruntime-web (wasm) on model.onnx' : ''}`;
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
