// The generated MVTec-layout sets the bench scripts time models on: generated once, kept between runs, and
// generated again when the settings change (they are stamped into the set).
const fs = require('fs');
const path = require('path');

const STAMP = 'bench-settings.json';

/** `settings` as for generateSyntheticMvtec (root, category, size, seed, style, counts); returns the set's folder. */
async function ensureSyntheticSet(settings) {
  const { generateSyntheticMvtec } = require('../packages/data/dist');
  const dir = path.join(settings.root, settings.category);
  const stamp = path.join(dir, STAMP);
  const wanted = JSON.stringify(settings);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return dir;
  const images = settings.trainCount + settings.testGoodCount + 3 * settings.defectsPerType;
  process.stderr.write(`generating ${images} images of ${settings.size}² into ${dir} (once)\n`);
  await generateSyntheticMvtec(settings);
  fs.writeFileSync(stamp, wanted);
  return dir;
}

module.exports = { ensureSyntheticSet };
