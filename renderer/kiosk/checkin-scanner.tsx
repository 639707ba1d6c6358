// A hand scanner (keyboard wedge) types the booking's QR code and presses Enter: on the home screen, with no field
// focused, such a burst goes straight to check-in, so the visitor need not find 预约签到 first.
import { useEffect } from 'react';
import { useKiosk } from './store.ts';

/** A scanner types faster than any person: keys further apart than this start a new code. */
const SCAN_GAP_MS = 80;
const CODE = /^[A-Z0-9-]{4,64}$/;

export function ScanToCheckIn() {
  const checkIn = useKiosk((s) => s.checkIn);
  useEffect(() => {
    let typed = '';
    let last = 0;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const now = performance.now();
      if (now - last > SCAN_GAP_MS) typed = '';
      last = now;
      if (e.key === 'Enter') {
        const code = typed.toUpperCase();
        typed = '';
        if (CODE.test(code)) {
          e.preventDefault();
          void checkIn({ code });
        }
      } else if (e.key.length === 1) typed = (typed + e.key).slice(-64);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [checkIn]);
  return null;
}
