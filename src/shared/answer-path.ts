// Reading and writing one answer of a report or draft by its dotted path ('reporter.name', 'breach.likelihood').
// Apart from the catalogue so that saving a draft does not load every question's words.
export type Answers = Record<string, any>;

// Paths are the catalogue's question names, read for every question of every report validated: split once.
const splitPaths = new Map<string, string[]>();
const MAX_SPLIT_PATHS = 1_000;

export function getAnswer(answers: Answers, path: string): unknown {
  let keys = splitPaths.get(path);
  if (!keys) {
    keys = path.split('.');
    if (splitPaths.size < MAX_SPLIT_PATHS) splitPaths.set(path, keys);
  }
  let node: any = answers;
  for (const key of keys) {
    if (node == null || typeof node !== 'object') return undefined;
    node = node[key];
  }
  return node;
}

/** A copy of `answers` with `path` set (or removed when `value` is undefined); the original is untouched. */
export function setAnswer<T extends Answers>(answers: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Answers = { ...answers };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else {
    copy[head] = setAnswer((copy[head] as Answers) ?? {}, rest.join('.'), value);
  }
  return copy as T;
}
