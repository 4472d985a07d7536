/** Attributes and properties of {@link h}: `on*` functions become listeners. */
export type Props = Record<string, unknown>;
/** Things {@link h} accepts as children. */
export type Child = Node | string | number | null | undefined | false | Child[];

/**
 * Creates an element: `h("button", { class: "primary", onclick }, "Train")`.
 * Keys starting with `on` add listeners; `class`, `id`, `for` and `data-*` are
 * attributes; other keys are set as properties (`value`, `checked`, `disabled`).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith("on") && typeof value === "function") {
      element.addEventListener(key.slice(2), value as EventListener);
    } else if (
      key === "class" ||
      key === "for" ||
      key === "role" ||
      key.includes("-") ||
      key === "title"
    ) {
      element.setAttribute(key, String(value));
    } else {
      (element as unknown as Record<string, unknown>)[key] = value;
    }
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) {
      append(parent, child);
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else if (child !== null && child !== undefined && child !== false) {
      parent.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A canvas sized for the screen's pixel density; draw in CSS pixels. */
export function hiDpiCanvas(width: number, height: number, props: Props = {}): HTMLCanvasElement {
  const canvas = h("canvas", props);
  const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.getContext("2d")!.scale(ratio, ratio);
  return canvas;
}
