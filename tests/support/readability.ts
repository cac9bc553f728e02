// Whether a 70-year-old can read what a page shows: every visible text node's contrast against
// the background it is painted on (found by walking its ancestors and alpha-blending their
// backgrounds, as WCAG 2 computes it) and its computed font size, measured in the browser.
// Placeholders count as text too. Used by the browser tests of issue 17.
import type { Page } from 'playwright-core';

/** WCAG 2 AA for body text. */
export const MIN_CONTRAST = 4.5;
/** No text under this many CSS pixels, at a 375 px wide screen. */
export const MIN_FONT_PX = 12;

export interface TextSample {
  text: string;
  /** The element holding the text: tag and classes, for the failure message. */
  where: string;
  color: string;
  background: string;
  contrast: number;
  fontPx: number;
}

/**
 * Measures every visible text node (and input placeholder) on the page as it is now. The
 * function runs inside the page, so it is plain JavaScript with no imports.
 */
export async function measureText(page: Page): Promise<TextSample[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];

    const parse = (value: string): Rgba | undefined => {
      const match = /rgba?\(([^)]+)\)/.exec(value);
      if (!match?.[1]) return undefined;
      const parts = match[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      const [r = 0, g = 0, b = 0, a = 1] = parts;
      return [r, g, b, a];
    };
    /** `top` painted over the opaque `bottom`. */
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3];
      return [
        top[0] * a + bottom[0] * (1 - a),
        top[1] * a + bottom[1] * (1 - a),
        top[2] * a + bottom[2] * (1 - a),
        1,
      ];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const css = (rgba: Rgba) => `rgb(${rgba.slice(0, 3).map(Math.round).join(',')})`;

    /**
     * The background layers under `element`, nearest first: its own and its ancestors'
     * background colours, down to the first opaque one (white under everything). A gradient
     * counts as each of its colours: the text must read on every one of them.
     */
    const backgrounds = (element: Element): Rgba[] => {
      const stacks: Rgba[][] = [[]];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        const image = style.backgroundImage;
        if (image && image !== 'none') {
          const colours = (image.match(/rgba?\([^)]+\)/g) ?? []).map(parse).filter(Boolean) as Rgba[];
          if (colours.length > 0) {
            const next: Rgba[][] = [];
            for (const stack of stacks) for (const colour of colours) next.push([...stack, colour]);
            stacks.splice(0, stacks.length, ...next);
            if (colours.every((colour) => colour[3] >= 1)) break;
          }
        }
        const colour = parse(style.backgroundColor);
        if (colour && colour[3] > 0) {
          for (const stack of stacks) stack.push(colour);
          if (colour[3] >= 1) break;
        }
      }
      return stacks.map((stack) =>
        stack.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]),
      );
    };

    /** The element's own opacity times its ancestors': faded text is fainter text. */
    const opacityOf = (element: Element) => {
      let opacity = 1;
      for (let node: Element | null = element; node; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
      }
      return opacity;
    };

    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;

    const samples: TextSample[] = [];
    const measure = (element: Element, text: string, colourText: string, fontSize: string) => {
      const colour = parse(colourText);
      if (!colour) return;
      const opacity = opacityOf(element);
      let worst: { contrast: number; background: Rgba } | undefined;
      for (const background of backgrounds(element)) {
        const fg = over([colour[0], colour[1], colour[2], colour[3] * opacity], background);
        const contrast = ratio(fg, background);
        if (!worst || contrast < worst.contrast) worst = { contrast, background };
      }
      if (!worst) return;
      samples.push({
        text: text.slice(0, 40),
        where: describe(element),
        color: colourText,
        background: css(worst.background),
        contrast: Math.round(worst.contrast * 100) / 100,
        fontPx: parseFloat(fontSize),
      });
    };

    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      return element.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    };

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const element = node.parentElement;
      if (!text || !element || !visible(element)) continue;
      if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(element.tagName)) continue;
      const style = getComputedStyle(element);
      measure(element, text, style.color, style.fontSize);
    }
    for (const input of Array.from(document.querySelectorAll('input, textarea'))) {
      const field = input as HTMLInputElement;
      if (!field.placeholder || field.value || !visible(field)) continue;
      const style = getComputedStyle(field, '::placeholder');
      measure(field, `[placeholder] ${field.placeholder}`, style.color, style.fontSize);
    }
    return samples;
  });
}

/** What on the page is too faint or too small to read, one line each. */
export function unreadable(samples: readonly TextSample[]): string[] {
  return samples
    .filter((sample) => sample.contrast < MIN_CONTRAST || sample.fontPx < MIN_FONT_PX)
    .map(
      (sample) =>
        `"${sample.text}" (${sample.where}): ${sample.color} on ${sample.background} = ${sample.contrast}:1, ${sample.fontPx}px`,
    );
}
