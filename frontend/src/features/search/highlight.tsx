import { Fragment, type ReactNode } from 'react';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
};

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * The server's highlighted text (HTML-escaped, matched words in `<em>`) as React elements: no
 * innerHTML, so even a server bug could not inject markup; `<em>` is the only tag understood.
 */
export function highlighted(html: string): ReactNode[] {
  let inside = false;
  return html.split(/(<em>|<\/em>)/).flatMap((part, index) => {
    if (part === '<em>' || part === '</em>') {
      inside = part === '<em>';
      return [];
    }
    if (!part) return [];
    const text = decode(part);
    return [inside ? <mark key={index}>{text}</mark> : <Fragment key={index}>{text}</Fragment>];
  });
}

/** Where a hit's page is. */
export function hitPath(type: string, id: string): string {
  return `/${type === 'challenge' ? 'challenges' : `${type}s`}/${id}`;
}
