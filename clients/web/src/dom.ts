/** A few lines of DOM building: the app is small enough that a UI library would not earn its place. */
type Listener = (event: Event) => void;
type Attributes = Record<string, string | number | boolean | undefined | Listener>;
export type Child = Node | string | number | null | undefined | false;

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children.filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false).map((child) => (typeof child === 'number' ? String(child) : child)));
  return element;
};

/** Replaces an element's children. */
export const fill = (parent: Element, ...children: Child[]): void => {
  parent.replaceChildren();
  parent.append(...children.filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false).map((child) => (typeof child === 'number' ? String(child) : child)));
};

let ids = 0;
/** A unique id for label/input and aria-describedby pairs. */
export const uniqueId = (prefix: string): string => `${prefix}-${(ids += 1)}`;

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
export const formatCents = (cents: number): string => money.format(cents / 100);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const formatDate = (iso: string): string => dateTime.format(new Date(iso));
