/**
 * A function's answers remembered per owner (a language, an engine), at most `limit` keys each: the same
 * questions and misspellings recur, and a full memory is simply started afresh.
 */
export function memoPer<Owner extends object, Value>(
  limit: number,
  compute: (owner: Owner, key: string) => Value,
): (owner: Owner, key: string) => Value {
  const byOwner = new WeakMap<Owner, Map<string, Value>>();
  return (owner, key) => {
    let known = byOwner.get(owner);
    if (!known) {
      known = new Map();
      byOwner.set(owner, known);
    }
    if (known.has(key)) return known.get(key) as Value;
    const value = compute(owner, key);
    if (known.size >= limit) known.clear();
    known.set(key, value);
    return value;
  };
}
