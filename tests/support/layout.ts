// Whether grown text still fits (大字模式, issue 24): measured in the browser on the page as it
// is now — the body text size (median of every visible text node, so one large amount does
// not count), anything wider than the screen or cut off by its own box, and tap targets
// shorter than 44 px. The function runs inside the page: plain JavaScript, no imports.
import type { Page } from 'playwright-core';

/** The smallest tap target, CSS px (Apple's and WeChat's guideline). */
export const MIN_TAP_PX = 44;

export interface LayoutSample {
  /** Median computed font size of the visible text inside the page root, px. */
  bodyFontPx: number;
  /** Text nodes measured. */
  texts: number;
  /** How far the document scrolls sideways, px (0 when nothing is wider than the screen). */
  horizontalOverflowPx: number;
  /** Elements holding text that stick out of the screen or are cut off by their own box. */
  clipped: string[];
  /** Buttons and tappable rows shorter than MIN_TAP_PX. */
  smallTargets: string[];
}

export async function measureLayout(page: Page, root = '[data-testid="page-root"]'): Promise<LayoutSample> {
  return page.evaluate(
    ({ rootSelector, minTap }) => {
      // The page shown now (H5 keeps pages of the stack in the DOM, hidden).
      const roots = Array.from(document.querySelectorAll<HTMLElement>(rootSelector)).filter(
        (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
      );
      const pageRoot = roots[roots.length - 1] ?? document.body;
      const where = (el: Element) =>
        `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
      const sizes: number[] = [];
      const clipped: string[] = [];
      const width = document.documentElement.clientWidth;
      const walker = document.createTreeWalker(pageRoot, NodeFilter.SHOW_TEXT);
      const seen = new Set<Element>();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || !node.textContent?.trim() || seen.has(el)) continue;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.opacity === '0')
          continue;
        seen.add(el);
        sizes.push(parseFloat(style.fontSize));
        if (box.right > width + 1 || box.left < -1) clipped.push(`off screen: ${where(el)}`);
        // Cut off by an ancestor (or itself) that hides overflow, unless it ends in an ellipsis on purpose.
        for (
          let box2: HTMLElement | null = el;
          box2 && box2 !== pageRoot.parentElement;
          box2 = box2.parentElement
        ) {
          const s = getComputedStyle(box2);
          const hides = (v: string) => v === 'hidden' || v === 'clip';
          if (s.textOverflow === 'ellipsis') break;
          if (
            (hides(s.overflowX) && box2.scrollWidth > box2.clientWidth + 1) ||
            (hides(s.overflowY) && box2.scrollHeight > box2.clientHeight + 1)
          ) {
            clipped.push(`cut off by ${where(box2)}: ${where(el)}`);
            break;
          }
        }
      }
      sizes.sort((a, b) => a - b);
      const targets = pageRoot.querySelectorAll<HTMLElement>(
        'button, taro-button-core, .cell-list__row--link, .toggle-switch, [role="button"]',
      );
      const smallTargets = Array.from(targets)
        .filter((el) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && box.height < minTap - 0.5;
        })
        .map((el) => `${where(el)}: ${Math.round(el.getBoundingClientRect().height)}px`);
      return {
        bodyFontPx: sizes[Math.floor(sizes.length / 2)] ?? 0,
        texts: sizes.length,
        horizontalOverflowPx: Math.max(0, document.documentElement.scrollWidth - width),
        clipped,
        smallTargets,
      };
    },
    { rootSelector: root, minTap: MIN_TAP_PX },
  );
}
