/**
 * Finds the line of a JSON document where a dotted field path (`tls.caCert`, `steps.identify.retries`)
 * is written, so a validation issue can be shown beside it. A small tokenizer tracks the key
 * stack; it tolerates broken JSON by returning null.
 */
export function lineOfPath(text: string, path: string): number | null {
  if (path === '' || path === 'profile') return 1;
  const target = path.split('.');
  let exact: number | null = null;
  let parent = { depth: 0, line: null as number | null };
  scanKeys(text, (keys, line) => {
    if (keys.length > target.length || !keys.every((key, i) => key === target[i])) return false;
    if (keys.length === target.length) {
      exact = line;
      return true;
    }
    if (keys.length > parent.depth) parent = { depth: keys.length, line };
    return false;
  });
  // A missing field ("required") is shown at its deepest existing parent.
  return exact ?? parent.line;
}

type KeyVisitor = (keys: readonly string[], line: number) => boolean;

/** Calls visit(keyPath, line) for every object key and array element; stops when visit returns true. */
function scanKeys(text: string, visit: KeyVisitor): void {
  const stack: { kind: 'object' | 'array'; key: string; index: number }[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '{') {
      stack.push({ kind: 'object', key: '', index: 0 });
      expectKey = true;
    } else if (ch === '[') {
      stack.push({ kind: 'array', key: '0', index: 0 });
      if (visit(keyPath(stack), line)) return;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') expectKey = true;
      else if (top?.kind === 'array') {
        top.index++;
        top.key = String(top.index);
        if (visit(keyPath(stack), line)) return;
      }
    } else if (ch === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return;
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        top.key = safeString(text.slice(i, end + 1));
        expectKey = false;
        if (visit(keyPath(stack), line)) return;
      }
      line += countNewlines(text, i, end);
      i = end;
    }
  }
}

const keyPath = (stack: readonly { key: string }[]) => stack.map((frame) => frame.key);

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function safeString(literal: string): string {
  try {
    return String(JSON.parse(literal));
  } catch {
    return literal.slice(1, -1);
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text[i] === '\n') count++;
  return count;
}
