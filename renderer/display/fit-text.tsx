// Text that shrinks until it fits its box: the board's names and numbers are never cut, wrapped or spilled.
import { useLayoutEffect, useRef, type ElementType } from 'react';

/** Below this a text is unreadable from the hall anyway; the layout gives every box more than this. */
const MIN_PX = 8;

/** Sets the element's font size to the largest that fits, starting from the size its CSS gives it. */
export function fitText(el: HTMLElement): void {
  el.style.fontSize = '';
  let size = parseFloat(getComputedStyle(el).fontSize);
  for (let i = 0; i < 8; i++) {
    const wide = el.scrollWidth / Math.max(1, el.clientWidth);
    const tall = el.scrollHeight / Math.max(1, el.clientHeight);
    const over = Math.max(wide, tall);
    if (over <= 1 || size <= MIN_PX) return;
    size = Math.max(MIN_PX, Math.floor((size / over) * 0.97 * 10) / 10);
    el.style.fontSize = `${size}px`;
  }
}

/** A ref that keeps its element's one-line text fitted when the text or the element's box changes. */
export function useFitText<T extends HTMLElement>(text: string) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    fitText(el);
    let last = { w: el.clientWidth, h: el.clientHeight };
    const observer = new ResizeObserver(() => {
      // Only a new box refits: fitting itself may change an auto height, which must not loop.
      if (Math.abs(el.clientWidth - last.w) < 1 && Math.abs(el.clientHeight - last.h) < 1) return;
      fitText(el);
      last = { w: el.clientWidth, h: el.clientHeight };
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [text]);
  return ref;
}

/** One line of fitted text. Its box must get its size from the layout (the CSS class), not from the text. */
export function Fit({ text, className, as: Tag = 'span', lang }: { text: string; className: string; as?: ElementType; lang?: string | undefined }) {
  const ref = useFitText<HTMLElement>(text);
  return (
    <Tag ref={ref} className={`fit ${className}`} lang={lang}>
      {text}
    </Tag>
  );
}
