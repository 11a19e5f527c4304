import type { FileStrings } from './strings.js';

/** English: the strings of attaching files (see {@link FileStrings}). */
export const filesEn: FileStrings = {
  viewFile: (name) => `View ${name}`,
  download: (name) => `Download ${name}`,
  fileUnavailable: 'File unavailable',
  dropFiles: 'Drop files to attach them',
  cancelUpload: (name) => `Cancel upload of ${name}`,
  removeFile: (name) => `Remove ${name}`,
  retryUpload: (name) => `Retry ${name}`,
  errors: {
    tooLarge: (name, max) => `${name} is larger than ${max}.`,
    type: (name) => `${name}: this kind of file can't be sent here.`,
    tooMany: (max) => `A message can carry up to ${max} files.`,
    refused: (name, reason) => `${name} was refused: ${reason}`,
    failed: (name) => `${name} could not be uploaded.`,
  },
  notReady: 'Not sent yet: a file did not upload. Retry it or remove it.',
};
