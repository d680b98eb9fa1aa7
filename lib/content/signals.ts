/**
 * Typed signals between page features: one emits, any number listen, and neither imports the
 * other. Listeners run in the order they were added; one that throws does not stop the rest.
 */
export class Signals<Events> {
  private readonly listeners = new Map<keyof Events, ((value: never) => void)[]>();

  on<K extends keyof Events>(name: K, listener: (value: Events[K]) => void): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as (value: never) => void);
    this.listeners.set(name, list);
    return () => {
      const at = list.indexOf(listener as (value: never) => void);
      if (at >= 0) list.splice(at, 1);
    };
  }

  emit<K extends keyof Events>(name: K, ...[value]: Events[K] extends undefined ? [] : [Events[K]]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        (listener as (value: Events[K] | undefined) => void)(value);
      } catch (error) {
        console.warn(`[paperlight] a listener of ${String(name)} failed`, error);
      }
    }
  }
}
