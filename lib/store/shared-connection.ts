/** One connection per context, opened on first use and opened again after it closed (a newer
 * version took over) or failed to open, instead of handing out a dead handle. */
export function sharedConnection<T>(open: (onClose: () => void) => Promise<T>): () => Promise<T> {
  let connection: Promise<T> | null = null;
  return () => {
    connection ??= open(() => (connection = null)).catch((error: unknown) => {
      connection = null;
      throw error;
    });
    return connection;
  };
}
