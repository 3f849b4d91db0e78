// A thin walk over an XML part with saxes (a well-kept streaming parser): elements of one
// namespace by local name, attributes by local name, text.
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlVisitor {
  open?(name: string, attr: (local: string) => string | undefined): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Walks `xml`, reporting only elements whose namespace is one of `namespaces`. */
export function walkXml(xml: string, namespaces: string[], v: XmlVisitor): void {
  const parser = new SaxesParser({ xmlns: true });
  const ours = (t: { uri?: string }) => namespaces.includes(t.uri ?? '');
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (!ours(tag) || !v.open) return;
    const attrs = Object.values(tag.attributes);
    v.open(tag.local, (local) => attrs.find((a) => a.local === local && (a.uri === '' || namespaces.includes(a.uri)))?.value);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (ours(tag)) v.close?.(tag.local);
  });
  parser.on('text', (t: string) => v.text?.(t));
  parser.write(xml).close();
}
