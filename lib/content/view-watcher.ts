/**
 * Tells the controller when the view may have changed: the URL (history push/replace, back/forward,
 * which the isolated world cannot intercept, so it is compared after every DOM change and event)
 * or the DOM (client-side renders, late lists, the site reusing nodes).
 */

export type ChangeReason = 'url' | 'dom';

export interface WatchOptions {
  onChange: (reason: ChangeReason) => void;
  /** Registers a listener that is removed when the content script is invalidated. */
  listen: (target: EventTarget, type: string, handler: () => void) => void;
  /** False once the extension was updated or disabled: nothing may run after that. */
  isValid: () => boolean;
}

/**
 * Whether an added or removed node can change the cards: text and comments never do (a ticking
 * clock or a live count must not re-run passes), nor Paperlight's own top-level UI.
 */
function mayMoveCards(node: Node): boolean {
  return node instanceof Element && !node.hasAttribute('data-paperlight-ui');
}

function isInsideOurs(node: Node): boolean {
  return node instanceof Element && node.closest('[data-paperlight-ui]') !== null;
}

/**
 * Only element changes of the site's own nodes count; Paperlight's own inserts don't re-trigger a
 * pass. The cheap node tests come first: a pass inserting 1,000 bars makes 1,000 records.
 */
function touchesSite(records: MutationRecord[]): boolean {
  for (const record of records) {
    if (record.type === 'attributes') {
      if (!isInsideOurs(record.target)) return true;
      continue;
    }
    let relevant = false;
    for (const node of record.addedNodes) if (mayMoveCards(node)) relevant = true;
    for (const node of record.removedNodes) if (mayMoveCards(node)) relevant = true;
    if (relevant && !isInsideOurs(record.target)) return true;
  }
  return false;
}

export function watchView(doc: Document, { onChange, listen, isValid }: WatchOptions): () => void {
  let url = doc.location.href;
  let scheduled = false;
  let reason: ChangeReason = 'dom';

  const flush = () => {
    if (!scheduled || !isValid()) return;
    scheduled = false;
    const current = doc.location.href;
    const urlChanged = current !== url;
    url = current;
    onChange(urlChanged ? 'url' : reason);
    reason = 'dom';
  };
  // A frame keeps passes to one per paint; the timeout covers tabs that are not painting.
  const schedule = (why: ChangeReason) => {
    if (why === 'url') reason = 'url';
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(flush);
    setTimeout(flush, 100);
  };

  const observer = new MutationObserver((records) => {
    if (doc.location.href !== url || touchesSite(records)) schedule('dom');
  });
  observer.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['href', 'data-props'],
  });

  const onUrlEvent = () => {
    if (doc.location.href !== url) schedule('url');
  };
  listen(window, 'popstate', onUrlEvent);
  listen(window, 'hashchange', onUrlEvent);
  listen(window, 'wxt:locationchange', onUrlEvent);
  const navigation = (window as { navigation?: EventTarget }).navigation;
  if (navigation) listen(navigation, 'navigatesuccess', onUrlEvent);

  return () => observer.disconnect();
}
