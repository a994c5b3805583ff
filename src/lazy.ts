/**
 * A value made on first use and kept for the life of the process: the one way superpod caches what is costly to
 * build and never changes (the catalogues read from disk, compiled JSON Schema validators), so no module holds a
 * mutable variable of its own.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { readonly value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
