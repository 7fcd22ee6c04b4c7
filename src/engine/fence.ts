/**
 * `<name>…</name>`, or `<name1>`, `<name2>`…: a tag the content does not contain, so text from a page or a
 * person cannot end the block early and pass for the instructions around it.
 */
export function fenced(name: string, content: string): string {
  const lower = content.toLowerCase();
  for (let n = 0; ; n++) {
    const tag = n === 0 ? name : `${name}${n}`;
    if (!lower.includes(`<${tag}>`) && !lower.includes(`</${tag}>`)) return `<${tag}>\n${content}\n</${tag}>`;
  }
}
