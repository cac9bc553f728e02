// Pinyin initials of a catalogue name (阿莫西林胶囊 → amxljn), computed once at seed time with
// pinyin-pro (a maintained dictionary with polyphone handling in context), so that a person
// typing "amxl" finds the item. Latin letters and digits in the name are kept as they are.
import { pinyin } from 'pinyin-pro';

export function initialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
