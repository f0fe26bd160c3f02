// Shared by the tools/ commands: run a compiled entry point from packages/*/dist, or explain how to build it.
const path = require('path');

module.exports = function launch(modulePath, exportName) {
  const full = path.join(__dirname, '..', modulePath);
  let entry;
  try {
    entry = require(full)[exportName];
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND') {
      process.stderr.write(`error: ${modulePath} is not built; run 'npm ci' (or 'npm run build') in ${path.join(__dirname, '..')}\n`);
      process.exit(1);
    }
    throw error;
  }
  entry(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`internal error: ${error && error.message}\n`);
      process.exit(2);
    },
  );
};
