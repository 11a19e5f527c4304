import type { FileStrings } from './strings.js';

/** Arabic (right to left): the strings of attaching files (see {@link FileStrings}). */
export const filesAr: FileStrings = {
  viewFile: (name) => `عرض ${name}`,
  download: (name) => `تنزيل ${name}`,
  fileUnavailable: 'الملف غير متاح',
  dropFiles: 'أفلت الملفات لإرفاقها',
  cancelUpload: (name) => `إلغاء رفع ${name}`,
  removeFile: (name) => `إزالة ${name}`,
  retryUpload: (name) => `إعادة رفع ${name}`,
  errors: {
    tooLarge: (name, max) => `حجم ${name} أكبر من ${max}.`,
    type: (name) => `${name}: لا يمكن إرسال هذا النوع من الملفات هنا.`,
    tooMany: (max) => `يمكن أن تحمل الرسالة ${max} ملفات كحد أقصى.`,
    refused: (name, reason) => `تم رفض ${name}: ${reason}`,
    failed: (name) => `تعذّر رفع ${name}.`,
  },
  notReady: 'لم تُرسل بعد: لم يُرفع أحد الملفات. أعد المحاولة أو أزله.',
};
