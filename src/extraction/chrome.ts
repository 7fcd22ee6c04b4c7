// Stray page chrome inside extracted text: share/print buttons, "Advertisement" labels,
// "Related articles" link lists, and short UI labels repeated down the page ("Reply", "Like").

import type { TextBlock } from './blocks';
import type { FurnitureRules } from './boilerplate';

/** Whole-line texts that are page chrome wherever they appear. */
const CHROME_LINE = new RegExp(
  '^(?:' +
    [
      'advertisement', 'advertisements', 'advert', 'ad', 'ads', 'sponsored( content)?', 'promoted( content)?',
      'share( this( article| story| post| page)?)?( on \\w+)?', 'share via \\w+', 'tweet( this)?', 'pin it',
      'email( this)?', 'print( this)?( article| page)?', 'copy link', 'link copied',
      'skip to (main )?content', 'skip to navigation', 'back to top', 'scroll to top',
      'loading( more)?', 'load more', 'show more', 'read more', 'continue reading', 'see more',
      'subscribe( now)?', 'sign up( now)?', 'sign in', 'log in', 'login', 'register',
      'follow us( on \\w+)?', 'like us on facebook', 'accept( all)?( cookies)?', 'reject all',
      'reply', 'quote', 'report', 'permalink', 'like', 'upvote', 'downvote',
      'leave a (reply|comment)', 'comments are closed', 'about the author', '(previous|next) (article|post|story)',
      'post navigation', 'source',
      // German
      'werbung', 'anzeige', 'teilen', 'drucken', 'weiterlesen', 'mehr lesen', 'nach oben', 'antworten',
      'zurück( zur (übersicht|listenansicht|startseite))?', 'kommentar(e)? (verfassen|schreiben|hinzufügen)',
      'schreib(e|en sie)? einen kommentar', 'kommentare (sind )?geschlossen', 'leider sind keine kommentare möglich',
      'wird geladen', 'gefällt mir( wird geladen)?', '(\\d+ )?bloggern gefällt das', 'über (den autor|die autorin)',
      'auch interessant', 'schon gelesen\\??', 'mehr zum thema', 'das könnte sie auch interessieren',
      '(neueste|ähnliche|weitere|verwandte) (artikel|beiträge|themen|nachrichten|themenbereiche)', 'beiträge zum thema',
      'meist(kommentiert|gelesen|-diskutiert|diskutiert)', '(der )?(nächste|vorherige|vorheriger|nächster) (beitrag|artikel)',
      // French, Spanish, Italian, Portuguese, Dutch, Polish
      'partager', 'publicité', 'à lire aussi', 'lire aussi', 'voir aussi', 'sur le même sujet', 'laisser un commentaire',
      'publicidad', 'compartir', 'noticias relacionadas', '(también )?(te|le) puede interesar', 'deja un comentario', 'comentarios',
      'pubblicità', 'condividi', 'leggi anche', 'articoli correlati', 'lascia un commento',
      'publicidade', 'leia também', 'lees ook', 'advertentie', 'delen',
      'reklama', 'udostępnij', 'czytaj (też|także|również)', 'zobacz (też|także|również)', 'komentarze', 'źródło',
      // Post meta labels and list titles
      '(release date|published( on)?|updated( on)?|last modified|aktualisiert( am)?|veröffentlicht( am)?|erstellt am|publikacja|opublikowano|publié le|publicado)',
      '(kontakt|contact|quelle|quellen|quellenangaben|sources|fuente|fuentes|weitere informationen|more information|zusatzinformationen)',
      '(meistgelesene|meistdiskutierte|empfohlene|beliebte|aktuelle) (artikel|beiträge|nachrichten|produkttests)',
      'weiterführende links?', 'themen im artikel', 'mehr themen', 'inhaltsverzeichnis', 'table of contents', 'contents',
      'vous aimerez aussi', 'veja também', 'valora esta noticia', 'entdecke weitere \\S+', 'externer inhalt',
      // Teaser headings over links to other pages
      '(das thema )?(das )?könnte (dich|sie) (auch )?interessieren', 'noch mehr (infos|artikel|beiträge)( für dich)?',
      '(mehr|weitere|alle) (beiträge|artikel|infos|informationen|themen|news|nachrichten|videos|berichte|meldungen) (aus|zu|zum|zur|von|über|in) .{1,40}',
      'mehr (aus|zum thema|von) .{1,40}', 'auch auf [\\w.-]+\\.(de|at|ch|com|fr|net|org)', 'empfehlungen aus dem .{1,40}',
      'heute empfehlen wir', 'lade weitere inhalte', 'teilnehmende blogs',
    ].join('|') +
    ')[\\s.:!…»›>-]*$',
  'i',
);

/** Headings that introduce lists of links to other pages. */
const RELATED_HEADING =
  /^(?:related( articles| stories| posts| content| reading| links| coverage)?|(auch|ebenfalls) interessant|mehr zum thema|(ähnliche|weitere|verwandte) (artikel|beiträge|themen)|das könnte (sie|dich) auch interessieren|à lire aussi|lire aussi|sur le même sujet|noticias relacionadas|(también )?(te|le) puede interesar|leggi anche|articoli correlati|czytaj (też|także|również)|zobacz (też|także|również)|leia também|lees ook|read (next|more|also)|more (stories|articles|from|on|like this|in)\b.*|you (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| reading| articles)?|most (popular|read|viewed|shared)|trending( now)?|popular (posts|stories|now)|see also|also on \w+|further reading)\W*$/i;

export function isChromeLine(text: string): boolean {
  return text.length <= 60 && CHROME_LINE.test(text.trim());
}

/** A block that is nothing but a date or a time ("23.10.2018", "7. Oktober 2020", "March 3, 2021", "3:59 PM"). */
const MONTH =
  '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia)\\.?';
const DATE_LINE = new RegExp(
  `^(?:\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\.? ${MONTH} \\d{4}|${MONTH} \\d{1,2},? \\d{4}|${MONTH} \\d{4}|\\d{1,2}:\\d{2}(?: ?[ap]\\.?m\\.?)?(?: uhr)?)(?:[,|·\\s]+\\d{1,2}:\\d{2}(?: ?[ap]\\.?m\\.?)?(?: uhr)?)?$`,
  'i',
);

export function isDateLine(text: string): boolean {
  return text.length <= 40 && DATE_LINE.test(text.trim());
}

/** "Read more: <another story>" lines that editors put between paragraphs, in several languages. */
const READ_ALSO_LINE =
  /^(?:read (?:more|also|next)|see also|related|more on this|lea (?:también|más)|lee (?:también|más)|vea también|mira|mire|(?:también )?(?:te|le) puede interesar|lesen sie (?:auch|mehr|hier)|auch lesen|auch interessant|mehr zum thema|mehr dazu|siehe auch|zum weiterlesen|das könnte sie auch interessieren|à lire aussi|lire aussi|(?:à )?voir aussi|leggi anche|czytaj (?:też|także|również)|zobacz (?:też|także|również)|leia (?:também|mais)|lees ook)\s*[:：»>-]/i;
const READ_ALSO_MAX_WORDS = 25;

/** Photo credits on a line of their own: "Foto: dpa", "(Bild: Jahr Media)", "Photo: Reuters/X", "© iStock". */
const CREDIT_LINE =
  /^[([]?\s*(?:foto|fotos|bild|bilder|titelbild|photo|photos|image|imagen|picture|credits?|créditos?|crédits?(?: photos?)?|quelle|source|fuente|zdjęcie|fot\.|©|\(c\))\s*(?:[:/|©-]|\s(?=\S+\s*\S*$))/i;
const CREDIT_MAX_WORDS = 8;

/** "© 2020 CBS Interactive Inc. All Rights Reserved." */
const COPYRIGHT_LINE = /^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))/i;
const COPYRIGHT_MAX_WORDS = 15;

/** Picture agencies and stock libraries, as they appear in credits. */
const AGENCY =
  '(?:shutterstock|istock(?:photo)?|getty(?: ?images)?|reuters|afp|ap|dpa|epa|efe|ansa|pap|imago|picture[ -]alliance|keystone|unsplash|pixabay|adobe ?stock|fotolia|alamy|bestimage|télam)(?:\\.com)?';
/** A credit made of agency and photographer only: "TebNad/Shutterstock.com", "AFP / MARCO BERTORELLO", "iStock.com". */
const AGENCY_LINE = new RegExp(`^(?:[^/()]{1,40}/\\s*)?${AGENCY}(?:\\s*/[^/()]{1,40})?$`, 'i');
const AGENCY_MAX_WORDS = 6;

export function isCreditLine(text: string): boolean {
  const credit = CREDIT_LINE.test(text);
  const copyright = COPYRIGHT_LINE.test(text);
  const agency = AGENCY_LINE.test(text.replace(/^\((.*)\)$/, '$1').trim());
  // Words counted only for a line that matches (most match none).
  if (!credit && !copyright && !agency) return false;
  const words = text.split(/\s+/).length;
  return (credit && words <= CREDIT_MAX_WORDS) || (copyright && words <= COPYRIGHT_MAX_WORDS) || (agency && words <= AGENCY_MAX_WORDS);
}

/**
 * A credit at the end of a caption line, after the caption's last sentence or a bar: "… Klemmer. Foto:
 * GdP/Hagen Immel", "… Shiffrin. © AFP / JEFF PACHOUD", "… Player. | © Augusta National/Getty Images", or in
 * parentheses: "… (REUTERS/Denis Balibouse)", "… (Foto: Getty)", "… (mlharing / iStock.com)". Only the
 * credit goes: no sentence end inside it, at most CREDIT_MAX_WORDS words. Not a copyright year ("© 2003 X")
 * nor a bare "(Reuters)", which news sites put after their own text.
 */
const CREDIT_TAIL = new RegExp(
  '(?:(?:^|(?<=[.!?:|]))\\s*\\|?\\s*(?:©(?!\\s*\\d)|(?:foto|fotos|bild|photo|photos|image|imagen|credit|crédito|crédits?(?: photos?)?|quelle|fuente|zdjęcie)\\s*:)[^.!?()|]{1,60}' +
    `|\\s*\\((?:(?:foto|fotos|bild|photo|image|imagen|credit|crédito|crédit|quelle|fuente)\\s*:[^()]{1,60}|[^()/]{1,40}/\\s*${AGENCY}(?:\\s*/[^()]{1,40})?|${AGENCY}\\s*/[^()]{1,40})\\))\\s*$`,
  'i',
);

/** The line without a credit at its end, when it has one that fits CREDIT_TAIL (else the line itself). */
export function withoutCreditTail(text: string): string {
  const match = CREDIT_TAIL.exec(text);
  if (!match || match[0].trim().split(/\s+/).length > CREDIT_MAX_WORDS) return text;
  return text.slice(0, match.index).replace(/[\s|]+$/, '');
}

/** Post footers and subscription prompts: "This entry was posted in...", "Abgelegt unter:", "Subscribe now to...". */
const POST_FOOTER_LINE =
  /^(?:this entry was posted|filed under\b|tagged (?:with|as)\b|dieser (?:eintrag|beitrag|artikel) wurde|abgelegt unter\b|veröffentlicht (?:am|in|unter)\b|schlagw(?:ö|o)rte?r?\s*:|kategorien?\s*:|categories\s*:|tags\s*:|subscribe (?:now|today|to (?:our|the))\b|to (?:view|read|continue reading) (?:the|this) (?:full )?(?:story|article),? (?:please )?(?:subscribe|log in|sign in)|jetzt abonnieren\b|hazte (?:miembro|socio)\b|suscr[ií]bete\b)/i;
const POST_FOOTER_MAX_WORDS = 30;

/**
 * Post meta and share prompts at the start of a short line: "Last modified: 3 May 2020", "Kategorie:
 * News", "Aufrufe: 120", "Möchten Sie den Artikel teilen?".
 */
const POST_META_LINE =
  /^(?:last (?:modified|updated)\b|(?:zuletzt )?aktualisiert am\b|erstellt am\b|category\s*:|kategorie\s*:|aufrufe\s*:|kommentare insgesamt\b|möchten sie (?:den|diesen) (?:artikel|beitrag) teilen|(?:artikel|beitrag) gefallen\?|den artikel mit anderen teilen|share this (?:article|post|story|page)\b|vorschau auf den nächsten artikel|beitragsbild\b|bild anzeigen\b)/i;
const POST_META_MAX_WORDS = 12;

export function isPostFooterLine(text: string): boolean {
  const footer = POST_FOOTER_LINE.test(text);
  const meta = POST_META_LINE.test(text);
  if (!footer && !meta) return false;
  const words = text.split(/\s+/).length;
  return (footer && words <= POST_FOOTER_MAX_WORDS) || (meta && words <= POST_META_MAX_WORDS);
}

export function isReadAlsoLine(text: string): boolean {
  return READ_ALSO_LINE.test(text) && text.split(/\s+/).length <= READ_ALSO_MAX_WORDS;
}

export function isRelatedHeading(text: string): boolean {
  return text.length <= 60 && RELATED_HEADING.test(text.trim());
}

const HAS_LETTER = /\p{L}/u;

/** Short lines seen this often are UI labels (per-post buttons, per-item "Read more"). */
const REPEATED_LABEL_MIN_COUNT = 3;
const LABEL_MAX_WORDS = 3;

/**
 * Blocks minus chrome lines and link lists under "Related" headings. For a whole page's text
 * ("page" rules) also short lines repeated down the page and lines without a letter (vote counts,
 * "·"): in an article those are table cells and captions, so "article" rules keep them.
 */
export function cleanChrome(
  blocks: TextBlock[],
  rules: FurnitureRules,
  /** Told of each block dropped, or kept with a cut, and why (for --explain). */
  onDrop?: (block: TextBlock, rule: string, kept?: boolean) => void,
): TextBlock[] {
  const wholePage = rules === 'page';
  const repeatedLabels = wholePage ? findRepeatedLabels(blocks) : new Set<string>();
  const kept: TextBlock[] = [];
  let inRelatedList = false;
  blocks.forEach((whole, index) => {
    const block = withoutCredit(whole);
    if (block !== whole) onDrop?.(whole, `photo credit cut: "${whole.text.slice(block.text.length).trim()}"`, block.text !== '');
    if (block.kind === 'heading') {
      const next = blocks[index + 1];
      inRelatedList = isRelatedHeading(block.text) && next !== undefined && isMostlyLinks(next);
    } else if (inRelatedList && !isMostlyLinks(block)) {
      inRelatedList = false;
    }
    const rule = inRelatedList
      ? 'links under a "related" heading'
      : isChromeLine(block.text)
        ? 'chrome line'
        : isReadAlsoLine(block.text)
          ? '"read also" line'
          : block.text === '' || isCreditLine(block.text)
            ? 'photo credit'
            : isDateLine(block.text)
              ? 'date line'
              : isPostFooterLine(block.text)
                ? 'post footer or subscription prompt'

        : repeatedLabels.has(block.text)
          ? 'label repeated down the page'
          : wholePage && !HAS_LETTER.test(block.text)
            ? 'no letters'
            : null;
    if (rule !== null) {
      onDrop?.(whole, rule);
      return;
    }
    kept.push(block);
  });
  return kept;
}

/** Captions and caption-sized lines end in a credit often; longer blocks are prose, left whole. */
const CREDIT_TAIL_MAX_WORDS = 40;

/** A credit tail has a "©" or a colon ("Foto: dpa"), or ends in parentheses: text with none has no credit. */
const MAY_HAVE_CREDIT = /[©:)]/;

function withoutCredit(block: TextBlock): TextBlock {
  if (!MAY_HAVE_CREDIT.test(block.text) || block.text.split(/\s+/).length > CREDIT_TAIL_MAX_WORDS) return block;
  const text = withoutCreditTail(block.text);
  if (text === block.text) return block;
  return { ...block, text: HAS_LETTER.test(text) ? text : '' };
}

function findRepeatedLabels(blocks: TextBlock[]): Set<string> {
  const counts = new Map<string, number>();
  for (const block of blocks) {
    if (block.text.length > 40 || block.text.split(/\s+/).length > LABEL_MAX_WORDS) continue;
    counts.set(block.text, (counts.get(block.text) ?? 0) + 1);
  }
  const labels = new Set<string>();
  for (const [text, count] of counts) if (count >= REPEATED_LABEL_MIN_COUNT) labels.add(text);
  return labels;
}

function isMostlyLinks(block: TextBlock): boolean {
  return block.linkChars >= 0.6 * block.text.replace(/\s/g, '').length;
}
