// The language picker staff and visitors see: 简体 / 繁體 / EN (/ 日本語 on visitor pages).
import { LANGS, STAFF_LANGS, useLang, type Lang } from './i18n.ts';

export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体', 'zh-TW': '繁體', en: 'EN', ja: '日本語' };

export function LangSwitch({ className = 'lang', visitor = false }: { className?: string; visitor?: boolean }) {
  const { lang, setLang } = useLang();
  return (
    <select className={className} value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label="language">
      {(visitor ? LANGS : STAFF_LANGS).map((l) => (
        <option key={l} value={l}>
          {LANG_NAMES[l]}
        </option>
      ))}
    </select>
  );
}
