import type { JsonSchema } from '@anomaly-zoo/core';
import { loadLabelledFolders } from '../loaders/labelled-folders';
import { defineFormat, formatSchema, trainTestFormat } from './data-format';

export interface FolderFormatOptions {
  normal: string[];
  abnormal: string[];
  test_normal?: string[];
  masks?: string;
}

const folderList: JsonSchema = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };

/** Plain folders, each with one role: normal (train), test_normal and abnormal (test), optional masks. */
export const folderFormat = defineFormat<FolderFormatOptions>({
  name: 'folder',
  description: 'plain folders: normal (training), test_normal and abnormal (test; each folder a defect type), optional masks folder',
  schema: formatSchema(
    { normal: folderList, abnormal: { ...folderList, minItems: 0, default: [] }, test_normal: folderList, masks: { type: 'string', minLength: 1 } },
    ['normal'],
  ),
  async load(context) {
    const o = context.options;
    const loaded = loadLabelledFolders({ normal: o.normal, abnormal: o.abnormal, testNormal: o.test_normal, masks: o.masks });
    return trainTestFormat(context, loaded, { category: context.category ?? 'default', trainSource: o.normal.join(', ') });
  },
});
