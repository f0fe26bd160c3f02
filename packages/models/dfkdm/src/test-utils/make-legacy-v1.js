#!/usr/bin/env node
// Writes legacy-v1/: a DFKDM model saved by the code before the shared density pipeline (model file version 1,
// head { pca, scaler, scorer }) and the scores it gave. Run once with the OLD build, from a checkout of commit
// 022e961 (the last one before the change), with ANOMALY_ZOO_MODELS pointing at the pretrained models:
//   node packages/models/dfkdm/src/test-utils/make-legacy-v1.js <output dir>
// model.test.ts checks that today's code loads that file and gives the same scores on the same generated images.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { DfkdmModel } = require('../../dist/model');
const { generatedSplits, testConfig, contextFor } = require('../../dist-test/fixtures');

async function main() {
  const out = process.argv[2];
  const data = await generatedSplits(fs.mkdtempSync(path.join(os.tmpdir(), 'az-legacy-')), 64, { train: 12, testGood: 4, perDefect: 2 });
  const ctx = contextFor({ height: 64, width: 64, channels: 3 });
  const scores = {};
  for (const scorer of ['kde', 'gaussian']) {
    const model = new DfkdmModel(testConfig({ scorer, pca_components: 4 }), ctx);
    await model.fit(data.train, ctx);
    const dir = path.join(out, scorer);
    fs.mkdirSync(dir, { recursive: true });
    await model.save(dir);
    const values = [];
    for await (const batch of data.test.batches({ batchSize: 16 })) {
      values.push(...(await model.score(batch.x)).scores);
      batch.x.dispose();
    }
    scores[scorer] = values;
    model.dispose();
  }
  fs.writeFileSync(path.join(out, 'scores.json'), JSON.stringify({ images: data.test.size, scores }, null, 1) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
