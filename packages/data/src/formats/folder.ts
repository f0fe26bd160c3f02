import { Type } from '@anomaly-zoo/core';
import { loadLabelledFolders } from '../loaders/labelled-folders';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

const folderList = (options: { minItems: number; default?: string[] }) => Type.Array(Type.String({ minLength: 1 }), options);

/** Plain folders, each with one role: normal (train), test_normal and abnormal (test), optional masks. */
export const folderFormat = defineFormat({
  name: 'folder',
  description: 'plain folders: normal (training), test_normal and abnormal (test; each folder a defect type), optional masks folder',
  schema: formatSchema({
    normal: folderList({ minItems: 1 }),
    abnormal: folderList({ minItems: 0, default: [] }),
    test_normal: Type.Optional(folderList({ minItems: 1 })),
    masks: Type.Optional(Type.String({ minLength: 1 })),
  }),
  async load(context) {
    const o = context.options;
    const loaded = loadLabelledFolders({ normal: o.normal, abnormal: o.abnormal, testNormal: o.test_normal, masks: o.masks });
    return trainTestFormat(context, loaded, { category: context.category ?? 'default', trainSource: o.normal.join(', ') });
  },
});
