/**
 * Function words of a few common languages. They carry no topic, so similarity ignores them.
 * Other languages get no list: inverse document frequency already weighs down words that
 * appear in most sentences, whatever the language.
 */

const LISTS: Readonly<Record<string, string>> = {
  en: `a about above after again against all also am an and any are as at be because been before being
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our ours out over own same she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours`,
  fr: `a à afin ai aie aient aux avait avec avoir c ce ceci cela celle celles celui ces cet cette chez
    comme d dans de des donc dont du elle elles en entre est et été être eu eux il ils j je l la le les
    leur leurs lui m ma mais me même mes moi mon n ne ni nos notre nous on ont ou où par pas peu plus
    pour qu que quel quelle qui s sa sans se ses si son sont sous sur ta te tes toi ton tous tout
    très tu un une vos votre vous y`,
  de: `aber als am an auch auf aus bei bin bis bist da dann das dass dem den der des die dies diese
    dieser dieses doch du durch ein eine einem einen einer eines er es für hat hatte ich ihr ihre im in
    ist ja jetzt kann kein keine man mit nach nicht noch nur ob oder ohne sehr sein seine sich sie sind
    so über um und uns unter vom von vor war waren was weil wenn werden wie wir wird wurde zu zum zur`,
  es: `a al algo algunos ante antes como con contra cual cuando de del desde donde dos el ella ellas
    ellos en entre era es esa ese eso esta este esto estos fue ha hay la las le les lo los más me mi
    mucho muy nada ni no nos o otra otro para pero poco por porque que quien se ser si sin sobre su sus
    también tanto te tiene todo todos tu un una uno unos y ya yo`,
};

const STOPWORDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(LISTS).map(([language, words]) => [language, new Set(words.split(/\s+/).filter(Boolean))]),
);

const NONE: ReadonlySet<string> = new Set();

/** The stopword set for a base language code ("en"), or an empty set. */
export function stopwordsFor(baseLanguage: string | null): ReadonlySet<string> {
  return (baseLanguage && STOPWORDS.get(baseLanguage)) || NONE;
}
