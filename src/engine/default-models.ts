// The default models, apart from the preset table (presets.ts), so that settings and the surfaces that
// read them (the content script among them) do not carry the whole table.

export const DEFAULT_TEXT_MODEL = 'HuggingFaceTB/SmolLM2-360M-Instruct';
export const DEFAULT_IMAGE_MODEL = 'Mozilla/distilvit';
