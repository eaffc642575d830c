// Turns a diagnostic's offset into an RFC 6901 JSON pointer into the request body, by walking the
// core's syntax tree down to the deepest member or item that contains it.

import type { FileAnalysis } from '../core';

type SyntaxNode = NonNullable<FileAnalysis['root']>;

interface Span {
  offset: number;
  length: number;
}

function contains(span: Span, offset: number): boolean {
  return offset >= span.offset && offset < span.offset + Math.max(span.length, 1);
}

function escapeStep(step: string): string {
  return step.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerAt(root: SyntaxNode | undefined, offset: number): string {
  const steps: string[] = [];
  let node = root;
  while (node) {
    let next: SyntaxNode | undefined;
    if (node.kind === 'object') {
      for (const property of node.properties) {
        if (contains(property.keySpan, offset)) {
          steps.push(property.key);
          break;
        }
        if (property.value && contains(property.value.span, offset)) {
          steps.push(property.key);
          next = property.value;
          break;
        }
      }
    } else if (node.kind === 'array') {
      const index = node.items.findIndex((item) => contains(item.span, offset));
      if (index >= 0) {
        steps.push(String(index));
        next = node.items[index];
      }
    }
    node = next;
  }
  return steps.map((step) => `/${escapeStep(step)}`).join('');
}
