/**
 * Runs in an extension page (`page.evaluate(deleteDatabase, name)`, Playwright or puppeteer):
 * deletes IndexedDB database `name` of the extension's origin, as a profile reset or a broken
 * update would lose it. Resolves once it is gone (open connections are asked to close first).
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}
