// Which document a tab shows, as its content script knows it: a value made when the script starts, so one per
// document. A reload or a navigation makes another, where a jump to a #fragment keeps it. What the side panel
// made for a page (alt-text rows naming its images by number, passages to show) is tied to this id: a tab
// answering with another one shows another page, even at the same address (ui/per-tab.ts), and the alt-text
// messages of an earlier document are refused (features/alt-text/content.ts).
export const PAGE_ID = Array.from(crypto.getRandomValues(new Uint32Array(4)), (part) => part.toString(36)).join('-');
