// @tarojs/components as plain DOM elements, so pages render under jsdom.
import { createElement, type ChangeEvent, type ReactNode } from 'react';

type HostProps = Record<string, unknown> & { children?: ReactNode };

// Props that mean something on a DOM element; Taro-only props (hoverClass, loading, …) are dropped.
const PASSED = new Set([
  'id',
  'className',
  'style',
  'role',
  'onClick',
  'src',
  'alt',
  'value',
  'disabled',
  'placeholder',
]);

function domProps(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(
      ([key]) => PASSED.has(key) || key.startsWith('data-') || key.startsWith('aria-'),
    ),
  );
}

function host(tag: string, displayName: string) {
  function Host({ children, ...props }: HostProps) {
    return createElement(tag, domProps(props), children);
  }
  Host.displayName = displayName;
  return Host;
}

export const View = host('div', 'View');
export const Text = host('span', 'Text');
export const Button = host('button', 'Button');
export const Image = host('img', 'Image');
export const Canvas = host('canvas', 'Canvas');
export const ScrollView = host('div', 'ScrollView');
export const Swiper = host('div', 'Swiper');
export const SwiperItem = host('div', 'SwiperItem');

type InputHandler = (event: { detail: { value: string } }) => void;

/** Taro's Input hands `onInput` an event whose `detail.value` is the text; `maxlength` is lower-case. */
export function Input({ onInput, maxlength, type, ...props }: HostProps & { onInput?: InputHandler }) {
  return createElement('input', {
    ...domProps(props),
    type: type === 'number' ? 'text' : (type as string | undefined),
    maxLength: typeof maxlength === 'number' ? maxlength : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement>) => onInput?.({ detail: { value: event.target.value } }),
  });
}
