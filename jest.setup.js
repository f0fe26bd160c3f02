// Quiets tfjs' "install tfjs-node" banner in test output; behaviour is unchanged.
require('@tensorflow/tfjs-core').env().set('IS_TEST', true);
