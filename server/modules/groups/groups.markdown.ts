import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// A group's description is markdown written by staff and shown to everyone, visitors too:
// marked lets raw HTML (scripts included) through, so its output is always sanitised.

const marked = new Marked({ gfm: true, breaks: false, async: false });

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'del',
    's',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'hr',
    'h3',
    'h4',
    'h5',
    'h6',
    'a',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  // Scripts, styles and the like go with their content; other unknown tags keep their text.
  disallowedTagsMode: 'discard',
  transformTags: {
    // The page has its own headings: a description's largest heading sits below them.
    h1: 'h3',
    h2: 'h4',
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'nofollow noopener' },
    }),
  },
};

/** Markdown → HTML safe to insert into a page: basic formatting and links, nothing else. */
export function renderDescription(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, options).trim();
}
