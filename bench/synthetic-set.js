// The generated MVTec-layout sets the bench scripts time models on: generated once, kept between runs, and
// generated again when the settings change (the data package's ensureSyntheticMvtec compares them with the set's marker).

/** `settings` as for generateSyntheticMvtec (root, category, size, seed, style, counts); returns the set's folder. */
function ensureSyntheticSet(settings) {
  const { ensureSyntheticMvtec } = require('../packages/data/dist');
  const images = settings.trainCount + settings.testGoodCount + 3 * settings.defectsPerType;
  return ensureSyntheticMvtec(settings, (dir) => process.stderr.write(`generating ${images} images of ${settings.size}² into ${dir} (once)\n`));
}

module.exports = { ensureSyntheticSet };
