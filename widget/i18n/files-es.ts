import type { FileStrings } from './strings.js';

/** Spanish: the strings of attaching files (see {@link FileStrings}). */
export const filesEs: FileStrings = {
  viewFile: (name) => `Ver ${name}`,
  download: (name) => `Descargar ${name}`,
  fileUnavailable: 'Archivo no disponible',
  dropFiles: 'Suelta los archivos para adjuntarlos',
  cancelUpload: (name) => `Cancelar la subida de ${name}`,
  removeFile: (name) => `Quitar ${name}`,
  retryUpload: (name) => `Reintentar ${name}`,
  errors: {
    tooLarge: (name, max) => `${name} ocupa más de ${max}.`,
    type: (name) => `${name}: aquí no se puede enviar este tipo de archivo.`,
    tooMany: (max) => `Un mensaje puede llevar hasta ${max} archivos.`,
    refused: (name, reason) => `${name} fue rechazado: ${reason}`,
    failed: (name) => `No se pudo subir ${name}.`,
  },
  notReady: 'Aún no se ha enviado: un archivo no se subió. Reinténtalo o quítalo.',
};
