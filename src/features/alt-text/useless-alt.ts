/**
 * Whether an image's alt text says nothing about what the image shows.
 *
 * "Useless" means a screen reader user learns nothing from it: a file name, a URL, a camera
 * counter, a template placeholder, or only generic words such as "image" or "photo 3" (in a
 * few languages). An empty alt is not useless: it marks the image as decorative, a deliberate
 * choice that is handled elsewhere.
 *
 * The rules lean towards keeping the author's text: a short alt such as "WebMD logo", a
 * user name or a LaTeX formula is left alone, because a generated caption would not be better.
 */

const IMAGE_EXTENSION = /\.(?:jpe?g|jfif|pjpeg|png|apng|gif|webp|avif|svg|bmp|tiff?|heic|heif|ico)(?:[?#].*)?$/i;

/** Words that say "this is an image" (or where it sits) and nothing about what it shows. */
const GENERIC_IMAGE_WORDS = new Set([
  // English
  'image', 'images', 'img', 'picture', 'pictures', 'pic', 'pics', 'photo', 'photos', 'photograph',
  'graphic', 'graphics', 'illustration', 'icon', 'logo', 'thumbnail', 'thumb', 'screenshot',
  'screen', 'shot', 'banner', 'header', 'hero', 'featured', 'feature', 'cover', 'main', 'inline',
  'post', 'article', 'blog', 'content', 'media', 'file', 'attachment', 'upload', 'uploaded',
  'placeholder', 'untitled', 'default', 'avatar', 'profile', 'spacer', 'blank', 'loading', 'loader',
  'spinner', 'alt', 'text', 'tag', 'description', 'caption', 'gallery', 'slide', 'preview',
  'dummy', 'sample', 'stock', 'unnamed', 'copy', 'figure', 'fig',
  // German, Dutch, Scandinavian, Finnish
  'bild', 'bilder', 'foto', 'fotos', 'grafik', 'abbildung', 'bildschirmfoto', 'vorschaubild',
  'afbeelding', 'plaatje', 'billede', 'bilde', 'kuva',
  // Romance languages
  'imagen', 'imágenes', 'fotografía', 'gráfico', 'ilustración', 'imagem', 'fotografia', 'immagine',
  'immagini', 'illustrazione', 'photographie', 'vignette', 'ilustração',
  // Slavic, Turkish, Indonesian, Vietnamese
  'obrázek', 'obraz', 'obrazek', 'zdjęcie', 'zdjecie', 'изображение', 'картинка', 'фото',
  'фотография', 'зображення', 'resim', 'görsel', 'fotoğraf', 'gambar', 'ảnh', 'hình',
  // Right-to-left, Indic, East Asian (written without spaces, so matched whole)
  'صورة', 'תמונה', 'छवि', 'चित्र', 'तस्वीर', 'รูปภาพ', '画像', '写真', 'イメージ', '图片', '图像',
  '照片', '圖片', '圖像', '이미지', '사진',
]);

/** Words that may sit between generic words: "image for post", "image of the article". */
const FILLER_WORDS = new Set([
  'a', 'an', 'the', 'this', 'that', 'my', 'our', 'your', 'here', 'for', 'of', 'in', 'at', 'on', 'to',
  'with', 'from', 'and', 'no', 'not', 'available', 'by', 'de', 'del', 'la', 'le', 'les', 'el', 'los',
  'un', 'une', 'una', 'der', 'die', 'das', 'ein', 'eine', 'il', 'lo', 'het', 'een', 'do', 'da', 'um',
  'uma', 'zum', 'zur', 'für',
  // position and size qualifiers: "top image", "large photo"
  'top', 'bottom', 'left', 'right', 'small', 'large', 'big', 'new', 'first', 'second', 'full', 'size',
]);

/** Whole alt values that stand for "nothing here". */
const NOTHING_VALUES = new Set([
  'n/a', 'na', 'null', 'undefined', 'none', 'nil', 'nan', 'false', 'true', 'todo', 'tbd', 'xxx',
  'asdf', 'test', 'alt', 'alttext', 'alt-text', 'alt_text', 'object object', '[object object]',
]);

/** How cameras, phones and screen-capture tools start file names: IMG_2041, DSC0001, P1610279. */
const CAMERA_PREFIXES = [
  'img', 'image', 'dsc', 'dscn', 'dscf', 'dcim', 'pxl', 'mvimg', 'gopr', 'gp', 'dji', 'sam', 'wp', 'cimg', 'imag',
  'pict', 'pic', 'photo', 'foto', 'p', 'mg', '_mg', 'hpim', 'kimg', 'sdc', 'dcp', 'scan', 'screenshot',
  'screen shot', 'capture', 'snapshot', 'vlcsnap',
];
/** A camera prefix, a counter of 3+ digits, then more numbers or edit suffixes: "IMG_2041 (1)", "DSC_0001-Edit". */
const CAMERA_FILE_NAME = new RegExp(
  `^(?:${CAMERA_PREFIXES.join('|')})[\\s_-]*\\d{3,}` +
    '(?:[\\s_.~()-]+\\d+|[\\s_.~()-]*(?:edit(?:ed)?|hdr|copy|final|mp|portrait))*[\\s_.~()-]*$',
  'i',
);

/** A placeholder a template forgot to fill: {alt_text}, {{ alt }}, %alt%, ${alt}. */
const TEMPLATE_PLACEHOLDER =
  /^(?:\$?\{\{?\s*[a-z_][\w.]*\s*\}?\}|%[a-z_][\w.]*%|\[[a-z_][\w.]*\]|<%=?\s*[\w.]+\s*%>)$/i;

/**
 * Credit lines that name who took the picture but not what it shows: "Photo by Jane Doe",
 * "Credit: Reuters", "© AFP". ("Photo: a man on a horse" may describe, so a bare colon is not enough.)
 */
const CREDIT_ONLY = new RegExp(
  [
    '^(?:photo|image|picture|foto|bild|imagen)s?\\s+(?:credit|by|courtesy|via)\\b', // "Photo by Jane Doe"
    '^(?:photo\\s+|image\\s+)?(?:credits?|source)\\s*:', // "Photo credit: Getty", "Source: AP"
    '^courtesy\\s+of\\b',
    '^(?:©|\\(c\\)\\s)',
  ].join('|'),
  'i',
);

/** Whitespace and the invisible characters editors leave behind (zero-width space, BOM). */
const BLANK = /^[\s\u200B-\u200D\u2060\uFEFF]*$/;

/** An alt that is empty to a screen reader: the image is marked decorative. */
export function isBlankAlt(alt: string): boolean {
  return BLANK.test(alt);
}

export function isUselessAlt(alt: string, src?: string): boolean {
  if (isBlankAlt(alt)) return false; // empty alt means "decorative", not "useless"
  const text = alt.replace(/\s+/g, ' ').trim();
  return (
    isUrl(text) ||
    IMAGE_EXTENSION.test(text) ||
    CAMERA_FILE_NAME.test(text) ||
    TEMPLATE_PLACEHOLDER.test(text) ||
    NOTHING_VALUES.has(text.toLowerCase()) ||
    !/\p{L}/u.test(text) ||
    isMachineIdentifier(text) ||
    CREDIT_ONLY.test(text) ||
    isOnlyGenericWords(text) ||
    (src !== undefined && equalsFileNameStem(text, src))
  );
}

function isUrl(text: string): boolean {
  if (/^(?:[a-z][a-z\d+.-]*:)?\/\//i.test(text)) return true; // https://..., //cdn...
  if (/^(?:data|blob):/i.test(text) || /^www\.\S+$/i.test(text)) return true;
  return /^\.{0,2}\/\S+$/.test(text); // a path: /uploads/2020/01/abc
}

/**
 * A token a CMS or build step made, not a person: "update_graphic_red_bar",
 * "fy25-global-devsecops-report-blog-image", "subscription__success", "bitcoin_figure", hashes
 * such as "5o3M5niyi911waUrKWVZ0Q". Two plain parts ("right-arrow", "john_doe", a user name)
 * could be either, so they stay.
 */
function isMachineIdentifier(text: string): boolean {
  if (/\s/.test(text)) return false;
  if (/^[\p{L}\d]+(?:[_-]+[\p{L}\d]+)+$/u.test(text)) {
    const parts = text.toLowerCase().split(/[_-]+/);
    if (parts.length >= 3 || text.includes('__')) return true;
    if (parts.some((part) => GENERIC_IMAGE_WORDS.has(part))) return true;
  }
  return isHashLike(text);
}

function isHashLike(token: string): boolean {
  const digits = token.replace(/\D/g, '').length;
  if (/^[\da-f]{8,}$/i.test(token) && digits > 0) return true;
  return token.length >= 16 && /^[\w*+=/-]+$/.test(token) && digits >= 3 && /[a-z]/i.test(token);
}

/** "An image", "Image for post", "photo-1", "Untitled-3", "featured image", "Bild 2". */
function isOnlyGenericWords(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/[\s_.,:;!?()[\]{}"'“”‘’«»#/\\|*+=~-]+/u)
    .filter((word) => word !== '' && !/^\d+$/.test(word));
  const meaningful = words.filter((word) => !FILLER_WORDS.has(word));
  return meaningful.length > 0 && meaningful.every((word) => GENERIC_IMAGE_WORDS.has(word));
}

/** The alt repeats the image's file name, with or without the extension. */
function equalsFileNameStem(alt: string, src: string): boolean {
  const fileName = lastPathSegment(src);
  if (fileName === '') return false;
  const stem = fileName.replace(/\.[a-z\d]{2,5}$/i, '');
  const lowerAlt = alt.toLowerCase();
  return lowerAlt === fileName.toLowerCase() || lowerAlt === stem.toLowerCase();
}

function lastPathSegment(src: string): string {
  if (/^(?:data|blob):/i.test(src)) return '';
  const path = src.split(/[?#]/, 1)[0] ?? '';
  const segment = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray "%" in the name: compare it as written
  }
}
