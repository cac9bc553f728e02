// 大字模式 for every build alike (weapp, alipay, h5): a PostCSS step that follows every rule
// sizing text with a copy under the `.large-text` class (which each page's root view carries
// when the mode is on, components/large-text-root) where the text sizes — font-size and a
// length line-height — and the small boxes holding text or taken as tap targets (a button's
// height, a key, a round badge) are scaled. It runs after Taro's pxtransform, so it sees rpx
// in the mini-programs and rem on H5: the same rules, whatever the unit. The copy has one
// class more than its original, so in large mode the cascade is the normal one, grown.
import type { AtRule, Container, Declaration, Plugin, Rule } from 'postcss';

export const LARGE_TEXT_CLASS = 'large-text';
/** How much larger: WeChat's own 大字 steps go 1.125, 1.25, 1.4; older eyes need more than a step. */
export const LARGE_TEXT_SCALE = 1.3;

/** Always scaled: they are the text. */
const TEXT_PROPS = new Set(['font-size', 'line-height']);
/** Scaled when small (a box around a line or two of text, a key, a badge), never a layout's size. */
const BOX_PROPS = new Set(['height', 'min-height', 'width', 'min-width']);
/** The largest box still scaled, in design px (750 wide): a QR code or a panel is left alone. */
const MAX_BOX_DESIGN_PX = 160;
/** Design px per unit after pxtransform: rpx is 1:1 (750 design), H5's rem is 40 design px. */
const DESIGN_PX: Record<string, number> = { rpx: 1, rem: 40, px: 1 };
/** The roots a selector may start from: in large mode they are the page's root view itself. */
const DOCUMENT_ROOTS = /^(page|body|html|:root)$/;

const LENGTH = /(-?\d*\.?\d+)(rpx|rem|px)\b/g;

const round = (value: number) => String(Math.round(value * 1000) / 1000);

/** The value with every length grown, or undefined when it holds none (unitless, a keyword). */
export function scaleLengths(value: string, scale: number, maxDesignPx = Infinity): string | undefined {
  let scaled = false;
  let tooLarge = false;
  const result = value.replace(LENGTH, (whole, num: string, unit: string) => {
    const n = Number(num);
    if (Math.abs(n) * (DESIGN_PX[unit] ?? 1) > maxDesignPx) tooLarge = true;
    // A hairline (1px border) is no text size; nothing under 2 design px is scaled.
    if (Math.abs(n) * (DESIGN_PX[unit] ?? 1) < 2) return whole;
    scaled = true;
    return `${round(n * scale)}${unit}`;
  });
  return scaled && !tooLarge ? result : undefined;
}

/** `.foo .bar` → `.large-text .foo .bar`; `page` / `body` → `.large-text` itself. */
export function largeSelector(selector: string, className = LARGE_TEXT_CLASS): string {
  const trimmed = selector.trim();
  if (DOCUMENT_ROOTS.test(trimmed)) return `.${className}`;
  return `.${className} ${trimmed}`;
}

const inKeyframes = (rule: Rule) => {
  for (
    let parent: Container | undefined = rule.parent;
    parent;
    parent = parent.parent as Container | undefined
  ) {
    if (parent.type === 'atrule' && /keyframes$/i.test((parent as AtRule).name)) return true;
  }
  return false;
};

export interface LargeTextOptions {
  className?: string;
  scale?: number;
}

/** The PostCSS plugin (postcss 8 API). */
export function largeTextPlugin(options: LargeTextOptions = {}): Plugin {
  const className = options.className ?? LARGE_TEXT_CLASS;
  const scale = options.scale ?? LARGE_TEXT_SCALE;
  const done = new WeakSet<Rule>();
  return {
    postcssPlugin: 'ybm-large-text',
    OnceExit(root) {
      root.walkRules((rule) => {
        if (done.has(rule) || inKeyframes(rule)) return;
        if (rule.selectors.some((s) => s.includes(`.${className}`))) return;
        const grown: Declaration[] = [];
        rule.each((node) => {
          if (node.type !== 'decl') return;
          const prop = node.prop.toLowerCase();
          const value = TEXT_PROPS.has(prop)
            ? scaleLengths(node.value, scale)
            : BOX_PROPS.has(prop)
              ? scaleLengths(node.value, scale, MAX_BOX_DESIGN_PX)
              : undefined;
          if (value !== undefined) grown.push(node.clone({ value }));
        });
        // Only a rule that sizes text or a box holding it: a lone width is layout, not text.
        if (!grown.some((decl) => TEXT_PROPS.has(decl.prop) || /height/.test(decl.prop))) return;
        const selectors = [...new Set(rule.selectors.map((s) => largeSelector(s, className)))];
        // Already followed by its copy (the stylesheet went through this step before).
        const next = rule.next();
        if (next?.type === 'rule' && next.selector === selectors.join(',')) return;
        const large = rule.clone({ selectors, nodes: [] });
        large.append(...grown);
        done.add(large);
        rule.after(large);
      });
    },
  };
}
largeTextPlugin.postcss = true as const;
